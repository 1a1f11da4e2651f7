package io.stagedoor.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL for tests, found in this order:
 * <ol>
 *     <li>{@code STAGEDOOR_TEST_DB_URL} (with {@code STAGEDOOR_TEST_DB_USER}, {@code STAGEDOOR_TEST_DB_PASSWORD}):
 *     a server you run, given as the JDBC URL of a database from which the user may create databases;</li>
 *     <li>Testcontainers, when a Docker engine is reachable;</li>
 *     <li>embedded PostgreSQL (zonky: real PostgreSQL binaries from Maven Central), so a fresh clone needs no
 *     server at all.</li>
 * </ol>
 * One server per JVM; every {@link #fresh()} call creates a new, empty database on it.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final AtomicInteger created = new AtomicInteger();

    /** How to connect to one database. */
    public record Credentials(String url, String username, String password) {

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }
    }

    private TestDatabase() {
    }

    /** A new, empty database of its own. */
    public static Credentials fresh() {
        Credentials server = Server.ADMIN;
        String name = "stagedoor_test_" + ProcessHandle.current().pid() + "_" + created.incrementAndGet();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return new Credentials(withDatabase(server.url(), name), server.username(), server.password());
    }

    /** The server's maintenance database, for tests that manage databases themselves. */
    public static Credentials server() {
        return Server.ADMIN;
    }

    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String parameters = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + parameters;
    }

    /** Started on first use, stopped when the JVM exits. */
    private static final class Server {

        static final Credentials ADMIN = start();

        private static Credentials start() {
            String url = System.getenv("STAGEDOOR_TEST_DB_URL");
            if (url != null && !url.isBlank()) {
                log.info("Tests use the PostgreSQL at STAGEDOOR_TEST_DB_URL");
                return new Credentials(url, System.getenv("STAGEDOOR_TEST_DB_USER"),
                        System.getenv("STAGEDOOR_TEST_DB_PASSWORD"));
            }
            if (dockerReachable()) {
                log.info("Tests use PostgreSQL in a Testcontainers container");
                PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                return new Credentials(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            }
            log.info("No STAGEDOOR_TEST_DB_URL and no Docker engine: tests use embedded PostgreSQL");
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                                                            .setServerConfig("max_connections", "300")
                                                            .setServerConfig("fsync", "off")
                                                            .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
                return new Credentials(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
        }

        private static boolean dockerReachable() {
            boolean configured = System.getenv("DOCKER_HOST") != null
                    || Files.exists(Path.of("/var/run/docker.sock"))
                    || Files.exists(Path.of(System.getProperty("user.home"), ".docker"));
            if (!configured) {
                return false;
            }
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }

        private static void closeQuietly(EmbeddedPostgres postgres) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("could not stop embedded PostgreSQL cleanly", e);
            }
        }
    }
}
