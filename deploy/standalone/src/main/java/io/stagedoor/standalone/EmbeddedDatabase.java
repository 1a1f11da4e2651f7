package io.stagedoor.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL run by this process on a data directory of its own, such that a crash of this process leaves nothing
 * in the way of the next start:
 * <ul>
 *     <li>it claims the directory first ({@link DataDirectoryClaim}); a second Stagedoor on it refuses to start;</li>
 *     <li>a PostgreSQL still running on the unclaimed directory was left behind by a Stagedoor that died: it is
 *     stopped (fast shutdown, as {@code pg_ctl stop} does) before a new one starts;</li>
 *     <li>a watchdog started beside PostgreSQL stops it (fast shutdown) when this process is gone, however it ended:
 *     the watchdog waits for the end of its standard input, which only this process holds open. Closed normally,
 *     this process stops PostgreSQL itself, then the watchdog, finding none, just exits.</li>
 * </ul>
 * Needs a POSIX shell (Linux, macOS).
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** {@code pg_ctl stop}'s default wait. */
    private static final Duration LEFT_BEHIND_STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for crash recovery, which replays the log written since the last checkpoint. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    /**
     * $1: the data directory. Signals to the terminal's process group (Ctrl-C, a closed terminal) are ignored: this
     * process shuts down on them, and the watchdog must see it gone.
     */
    private static final String WATCHDOG = "trap '' INT HUP TERM; read -r eof; "
            + "read -r pid < \"$1/postmaster.pid\" && kill -INT \"$pid\"";

    private final DataDirectoryClaim claim;
    private final EmbeddedPostgres postgres;
    private final Process watchdog;

    private EmbeddedDatabase(DataDirectoryClaim claim, EmbeddedPostgres postgres, Process watchdog) {
        this.claim = claim;
        this.postgres = postgres;
        this.watchdog = watchdog;
    }

    /** @throws DataDirectoryInUseException if a live Stagedoor uses the directory, or what it left behind will not stop */
    static EmbeddedDatabase start(Path directory, int port) throws IOException {
        Files.createDirectories(directory);
        DataDirectoryClaim claim = DataDirectoryClaim.claim(directory);
        EmbeddedPostgres postgres = null;
        try {
            stopLeftBehind(directory.toAbsolutePath());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                                                               .setDataDirectory(directory)
                                                               .setCleanDataDirectory(false)
                                                               // stopped by close(), after what uses it
                                                               .setRegisterShutdownHook(false)
                                                               .setPGStartupWait(STARTUP_TIMEOUT)
                                                               .setServerConfig("synchronous_commit", "on")
                                                               .setServerConfig("fsync", "on")
                                                               .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            postgres = builder.start();
            Process watchdog = new ProcessBuilder("sh", "-c", WATCHDOG, "stagedoor-watchdog",
                    directory.toAbsolutePath().toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                                          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return new EmbeddedDatabase(claim, postgres, watchdog);
        } catch (IOException | RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            claim.close();
            throw e;
        }
    }

    private static void stopLeftBehind(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        Optional<ProcessHandle> postmaster = postmaster(pidFile);
        if (postmaster.isEmpty()) {
            return;
        }
        long pid = postmaster.get().pid();
        log.warn("A PostgreSQL (PID {}) left behind by a Stagedoor that died still runs on {}: stopping it", pid, directory);
        try {
            new ProcessBuilder("sh", "-c", "kill -INT " + pid).inheritIO().start().waitFor();
            Instant deadline = Instant.now().plus(LEFT_BEHIND_STOP_TIMEOUT);
            // done once it removed its pid file (an exited process may linger as a zombie, so it may still look alive)
            while (postmaster.get().isAlive() && Files.exists(pidFile)) {
                if (Instant.now().isAfter(deadline)) {
                    throw DataDirectoryInUseException.byLeftBehindPostgres(directory, pid, LEFT_BEHIND_STOP_TIMEOUT);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping PostgreSQL " + pid);
        }
        log.info("Stopped the PostgreSQL (PID {}) left behind", pid);
    }

    /** The live postgres process the directory's pid file names, if any (the pid of a dead one may be reused). */
    private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException notRunning) {
            return Optional.empty();
        }
        return lines.stream().findFirst().map(String::trim).filter(line -> line.matches("\\d{1,18}"))
                        .flatMap(line -> ProcessHandle.of(Long.parseLong(line)))
                        .filter(process -> process.info().command()
                                                  .map(command -> Path.of(command).getFileName().toString())
                                                  .filter(name -> name.startsWith("postgres")).isPresent());
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            watchdog.getOutputStream().close();
            claim.close();
        }
    }
}
