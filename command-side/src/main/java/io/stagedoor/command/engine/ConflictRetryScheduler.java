package io.stagedoor.command.engine;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.AbstractRetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries a command whose append lost a race with another node (or with a concurrent create of the same
 * meeting), with jittered exponential back-off. Nothing else is retried: a broken rule, a missing meeting or an
 * {@code If-Match} mismatch would fail the same way again.
 */
class ConflictRetryScheduler extends AbstractRetryScheduler {

    private final long initialIntervalMillis;
    private final long maxIntervalMillis;

    private ConflictRetryScheduler(Builder builder) {
        super(builder);
        this.initialIntervalMillis = builder.initialIntervalMillis;
        this.maxIntervalMillis = builder.maxIntervalMillis;
    }

    static Builder builder() {
        return new Builder();
    }

    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected boolean isExplicitlyNonTransient(Throwable failure) {
        return !isConflict(failure);
    }

    @Override
    protected long computeRetryInterval(CommandMessage commandMessage, RuntimeException lastFailure,
                                        List<Class<? extends Throwable>[]> failures) {
        long ceiling = Math.min(maxIntervalMillis, initialIntervalMillis << Math.min(failures.size() - 1, 16));
        return 1 + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling));
    }

    static class Builder extends AbstractRetryScheduler.Builder<Builder> {

        private long initialIntervalMillis = 5;
        private long maxIntervalMillis = 200;

        Builder intervals(long initialMillis, long maxMillis) {
            this.initialIntervalMillis = initialMillis;
            this.maxIntervalMillis = maxMillis;
            return this;
        }

        ConflictRetryScheduler build() {
            return new ConflictRetryScheduler(this);
        }
    }
}
