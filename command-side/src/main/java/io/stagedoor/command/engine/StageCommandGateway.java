package io.stagedoor.command.engine;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.error.StageError;
import io.stagedoor.platform.web.RequestRefused;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way into the engine: sends a command, waits for its outcome, and turns every refusal into a
 * {@link RequestRefused} carrying the contract's error code.
 */
public class StageCommandGateway {

    private final CommandGateway commandGateway;
    private final Duration timeout;

    StageCommandGateway(CommandGateway commandGateway, Duration timeout) {
        this.commandGateway = commandGateway;
        this.timeout = timeout;
    }

    public <R> R send(Object command) {
        return send(command, null, null);
    }

    /**
     * @param expectedVersion the version the caller saw ({@code If-Match}); null to accept any
     * @param idempotencyKey  stores the outcome under this key, in the command's transaction; null for none
     * @throws RequestRefused if the engine refused the command
     * @throws IdempotencyStore.IdempotencyKeyTaken if another request stored an answer under the key meanwhile
     */
    public <R> R send(Object command, Long expectedVersion, IdempotencyKey idempotencyKey) {
        Map<String, Object> metaData = new HashMap<>();
        if (expectedVersion != null) {
            metaData.put(StageCommandTargetResolver.EXPECTED_VERSION, expectedVersion);
        }
        if (idempotencyKey != null) {
            metaData.put(IdempotencyInterceptor.METADATA_KEY, idempotencyKey);
        }
        try {
            return commandGateway.<R>send(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData))
                                 .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable failure = e.getCause() == null ? e : e.getCause();
            throw errorOf(failure).map(RequestRefused::new).orElseThrow(() -> asUnchecked(failure));
        } catch (TimeoutException e) {
            throw new RequestRefused(ErrorCode.UNAVAILABLE,
                    "the command did not complete within " + timeout.toMillis() + " ms; retry with the same Idempotency-Key");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRefused(ErrorCode.UNAVAILABLE, "interrupted while waiting");
        }
    }

    /** The contract's error for a failure, if it is a refusal rather than a fault. */
    static Optional<StageError> errorOf(Throwable failure) {
        if (failure instanceof CommandExecutionException executionException) {
            Optional<StageError> details = executionException.getDetails()
                                                             .filter(StageError.class::isInstance)
                                                             .map(StageError.class::cast);
            if (details.isPresent()) {
                return details;
            }
        }
        if (failure instanceof AggregateNotFoundException notFound) {
            return Optional.of(new StageError(ErrorCode.MEETING_NOT_FOUND,
                    "meeting '" + notFound.getAggregateIdentifier() + "' does not exist"));
        }
        if (failure instanceof ConflictingAggregateVersionException conflict) {
            return Optional.of(new StageError(ErrorCode.VERSION_MISMATCH,
                    "the meeting is at version " + conflict.getActualVersion() + ", not "
                            + conflict.getExpectedVersion()));
        }
        if (StageEngineConfiguration.isConflict(failure)) {
            return Optional.of(new StageError(ErrorCode.UNAVAILABLE,
                    "the meeting kept changing concurrently; retry"));
        }
        if (failure instanceof InvalidInput invalid) {
            return Optional.of(new StageError(ErrorCode.MALFORMED_REQUEST, invalid.getMessage()));
        }
        return Optional.empty();
    }

    private static RuntimeException asUnchecked(Throwable failure) {
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }
}
