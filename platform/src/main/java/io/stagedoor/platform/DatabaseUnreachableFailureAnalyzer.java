package io.stagedoor.platform;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

import java.sql.SQLException;

/**
 * Explains a start that failed because the database could not be reached or refused the connection: where Stagedoor
 * looked (the URL without its parameters, which may carry a password) and what the driver said.
 */
class DatabaseUnreachableFailureAnalyzer implements FailureAnalyzer {

    private final Environment environment;

    DatabaseUnreachableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException refused && cannotConnect(refused.getSQLState())) {
                return new FailureAnalysis(
                        "Stagedoor could not connect to its database" + where() + ": " + refused.getMessage(),
                        "Check that PostgreSQL is running and reachable from here, and the settings "
                                + "SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD.",
                        refused);
            }
        }
        return null;
    }

    /** SQL states: connection exception (08), invalid authorization (28), no such database (3D000). */
    static boolean cannotConnect(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("28") || sqlState.equals("3D000"));
    }

    private String where() {
        String url = environment.getProperty("spring.datasource.url", "");
        return url.isBlank() ? "" : " at " + url.split("\\?", 2)[0];
    }
}
