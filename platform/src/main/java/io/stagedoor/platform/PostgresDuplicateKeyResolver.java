package io.stagedoor.platform;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Recognises PostgreSQL's unique violation (SQLSTATE 23505), so that two nodes appending the same event sequence
 * number is reported as Axon's {@code ConcurrencyException} and retried. Axon's default JDBC resolver only knows
 * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws: the losing append would
 * surface as a non-transient {@code EventStoreException} instead.
 */
public class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isUniqueViolation(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUniqueViolation(SQLException exception) {
        for (SQLException e = exception; e != null; e = e.getNextException()) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
