package io.stagedoor.platform;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

import java.time.Duration;

/**
 * Bounds every database session of the process, whichever pool it comes from (Boot's or the embedded database's).
 * <ul>
 *     <li>{@code statement-timeout} and {@code idle-in-transaction-timeout}, set by PostgreSQL on every connection,
 *     bound how long a transaction that appended an event can stay uncommitted. Event processors wait for such a
 *     late event only for Axon's gap timeout, then skip it for good (a known failure mode of Axon's JDBC store);
 *     {@link #check} refuses to start unless the bound is well below that timeout, so a late commit cannot be
 *     skipped: the database aborts the transaction first, and an aborted append was never acknowledged.</li>
 *     <li>{@code connection-timeout}: how long a request waits for a connection; with the database down it fails
 *     fast (2015 with {@code Retry-After}) instead of hanging.</li>
 * </ul>
 * Properties under {@code stagedoor.database}; see docs/reliability.md.
 */
public final class DatabaseSessionLimits implements BeanPostProcessor {

    /** Axon's gap timeout, set explicitly on the storage engine so the bound below is checked against it. */
    static final Duration GAP_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Statements a command batch's transaction runs after appending its events: the stage's deadlines with whom
     * presence watches, and the preset catalog (the subscribing processors, one statement each), the commit. The idempotency answers are written
     * before the append.
     */
    private static final int STATEMENTS_AFTER_APPEND = 3;

    private final Duration statementTimeout;
    private final Duration idleInTransactionTimeout;
    private final Duration connectionTimeout;

    /**
     * The bounds, {@code stagedoor.database.*}: bound from the environment directly, as this post-processor exists
     * before any configuration-properties bean.
     */
    record Properties(@DefaultValue("10s") Duration statementTimeout,
                      @DefaultValue("5s") Duration idleInTransactionTimeout,
                      @DefaultValue("2s") Duration connectionTimeout) {
    }

    DatabaseSessionLimits(Environment environment) {
        Properties properties = Binder.get(environment).bindOrCreate("stagedoor.database", Properties.class);
        this.statementTimeout = properties.statementTimeout();
        this.idleInTransactionTimeout = properties.idleInTransactionTimeout();
        this.connectionTimeout = properties.connectionTimeout();
        check(statementTimeout, idleInTransactionTimeout);
    }

    /**
     * The longest a transaction can stay open after its append: each remaining statement runs at most the statement
     * timeout, and the session may sit idle at most the idle timeout between them.
     */
    static Duration longestLateCommit(Duration statementTimeout, Duration idleInTransactionTimeout) {
        return statementTimeout.plus(idleInTransactionTimeout).multipliedBy(STATEMENTS_AFTER_APPEND);
    }

    static void check(Duration statementTimeout, Duration idleInTransactionTimeout) {
        if (statementTimeout.isZero() || idleInTransactionTimeout.isZero()) {
            throw new IllegalStateException("stagedoor.database.statement-timeout and idle-in-transaction-timeout must "
                    + "be set: without them a transaction could commit an event after processors gave up on it");
        }
        Duration longest = longestLateCommit(statementTimeout, idleInTransactionTimeout);
        if (longest.compareTo(GAP_TIMEOUT) >= 0) {
            throw new IllegalStateException("stagedoor.database timeouts allow a transaction to commit an event "
                    + longest.toSeconds() + " s late, not below the processors' gap timeout of "
                    + GAP_TIMEOUT.toSeconds() + " s: lower statement-timeout or idle-in-transaction-timeout");
        }
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && !pool.isRunning()) {
            pool.setConnectionInitSql("SET statement_timeout = " + statementTimeout.toMillis()
                    + "; SET idle_in_transaction_session_timeout = " + idleInTransactionTimeout.toMillis());
            pool.setConnectionTimeout(connectionTimeout.toMillis());
        }
        return bean;
    }
}
