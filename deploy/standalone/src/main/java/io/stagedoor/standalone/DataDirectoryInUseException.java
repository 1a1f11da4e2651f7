package io.stagedoor.standalone;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded database's data directory is in use by another process, so this Stagedoor does not start on it.
 * Explained at start-up by {@link DataDirectoryInUseFailureAnalyzer}.
 */
final class DataDirectoryInUseException extends RuntimeException {

    final String action;

    private DataDirectoryInUseException(String description, String action) {
        super(description);
        this.action = action;
    }

    static DataDirectoryInUseException byLiveStagedoor(Path directory, String pid) {
        String holder = pid.isEmpty() ? "another Stagedoor" : "another Stagedoor (PID " + pid + ")";
        return new DataDirectoryInUseException(
                "The data directory " + directory + " is in use by " + holder + ".",
                "Use the Stagedoor that is running, or stop it and start again. To run a second one beside it, give "
                        + "it a home and a port of its own: --stagedoor.home=<directory> --server.port=<port>.");
    }

    static DataDirectoryInUseException byLeftBehindPostgres(Path directory, long pid, Duration waited) {
        return new DataDirectoryInUseException(
                "The data directory " + directory + " is in use by a PostgreSQL (PID " + pid + ") left behind by a "
                        + "Stagedoor that died; asked to shut down, it did not stop within " + waited.toSeconds() + " s.",
                "Stop it (kill -QUIT " + pid + " shuts it down at once; its data is safe), then start Stagedoor again.");
    }
}
