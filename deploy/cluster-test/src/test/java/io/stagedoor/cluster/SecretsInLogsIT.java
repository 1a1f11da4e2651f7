package io.stagedoor.cluster;

import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.SseClient;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No token, key or password in any log line at any level. First a command and a query node run at TRACE for
 * Stagedoor and Spring Security and DEBUG for everything else, and are used with an API key, participant tokens
 * (valid, tampered, on a live stream; the query node verifies them with the command node's JWKS) and a database
 * password; then the logs of the whole suite are scanned: every
 * module's test output (surefire and failsafe write it to files) and every node's log.
 * <p>
 * It must run after every other test: its module comes last in the reactor, and failsafe runs its classes in
 * alphabetical order (see the POMs).
 */
class SecretsInLogsIT {

    private static final Logger log = LoggerFactory.getLogger(SecretsInLogsIT.class);
    private static final String KEY = "secrets-test-key-0123456789";
    /** Every API key the suite configures (keys are secrets; the test sources are public, the logs must not echo them). */
    private static final List<String> SUITE_KEYS = List.of(KEY, "backend-secret-0123456789", "billing-secret-0123456789",
            "standalone-test-key-0123456789", "flood-key-0123456789abcdef", "cluster-test-key-0123456789",
            "crash-test-key-0123456789", "ownership-test-key-0123456789");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}");
    private static final Pattern BEARER = Pattern.compile("Bearer [A-Za-z0-9_.-]{12,}");
    /** A webhook endpoint's signing secret (WebhookCrashIT and the webhook tests create some). */
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]{16,}");

    @Test
    void noSecretAppearsInAnyLog(@TempDir Path keys) throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        Path keyFile = keys.resolve("token-signing-key.pem");
        String apiKeys = "secrets:" + KEY;
        String[] verbose = {"logging.level.root=DEBUG", "logging.level.io.stagedoor=TRACE",
                "logging.level.org.springframework.security=TRACE", "logging.level.org.springframework.web=TRACE"};
        List<String> secrets = new ArrayList<>(SUITE_KEYS);
        int commandPort = Node.freePort();
        // the query node first: it fetches the command node's keys only when a token needs them
        try (Node query = Node.query("secrets-query", database, apiKeys, Node.jwksAt(commandPort), verbose).awaitReady();
             Node command = Node.command("secrets-command", commandPort, database, apiKeys, keyFile, verbose).awaitReady()) {
            Api commands = new Api(command.port, KEY);
            commands.post("/v1/meetings", "{\"meetingId\": \"secrets\"}");
            String host = commands.post("/v1/meetings/secrets/participants",
                    "{\"userId\": \"host\", \"preset\": \"webinar_host\"}").body().path("token").asText();
            String viewer = commands.post("/v1/meetings/secrets/participants",
                    "{\"userId\": \"viewer\", \"preset\": \"webinar_viewer\"}").body().path("token").asText();
            String reissued = commands.post("/v1/meetings/secrets/participants/viewer/token", null).body()
                                      .path("token").asText();
            secrets.addAll(List.of(host, viewer, reissued));
            long version = commands.as(viewer).post("/v1/meetings/secrets/participants/viewer/stage/request", null).version();
            commands.as(host).post("/v1/meetings/secrets/stage/grant", "{\"userIds\": [\"viewer\"]}");
            assertThat(commands.as(viewer + "x").post("/v1/meetings/secrets/participants/viewer/stage/join", null).status())
                    .isEqualTo(401);
            Api queries = new Api(query.port, KEY);
            assertThat(queries.as(host).get("/v1/meetings/secrets/stage?minVersion=" + version).status()).isEqualTo(200);
            assertThat(queries.as(viewer).get("/v1/meetings/secrets/stage/history").status()).isEqualTo(403);
            try (SseClient live = SseClient.connect(query.port, "/v1/meetings/secrets/stage/events", host, "0")) {
                assertThat(live.take(1, Duration.ofSeconds(5))).isNotEmpty();
            }
        }
        if (database.password() != null && !database.password().equals(database.username())) {
            secrets.add(database.password()); // the embedded test server's password is its user name, "postgres"
        }
        secrets.addAll(privateKeyLines(keyFile));
        secrets.removeIf(secret -> secret == null || secret.length() < 8);

        Path root = Path.of(System.getProperty("stagedoor.root"));
        List<Path> logs;
        try (Stream<Path> files = Files.walk(root)) {
            logs = files.filter(Files::isRegularFile).filter(SecretsInLogsIT::isLog).toList();
        }
        long bytes = 0;
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            bytes += text.length();
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    found.add(root.relativize(log) + " contains a secret starting " + secret.substring(0, 4));
                }
            }
            for (Pattern pattern : List.of(JWT, BEARER, WEBHOOK_SECRET)) {
                pattern.matcher(text).results().limit(3).forEach(match -> found.add(root.relativize(log)
                        + " contains " + match.group().substring(0, 10) + "…"));
            }
            if (text.contains("PRIVATE KEY")) {
                found.add(root.relativize(log) + " contains a PEM private key");
            }
        }
        assertThat(logs).as("logs of the suite: test output of every module, every node").hasSizeGreaterThan(20)
                        .anyMatch(log -> log.toString().contains("secrets-command"))
                        .anyMatch(log -> log.toString().contains("command-side"))
                        .anyMatch(log -> log.toString().contains("standalone"));
        assertThat(found).as("scanned %d files, %d MB", logs.size(), bytes >> 20).isEmpty();
        log.info("secrets: {} log files ({} MB) scanned for {} secrets and token patterns: none found",
                logs.size(), bytes >> 20, secrets.size());
    }

    private static boolean isLog(Path file) {
        String path = file.toString().replace('\\', '/');
        return (path.contains("/target/surefire-reports/") || path.contains("/target/failsafe-reports/"))
                && path.endsWith("-output.txt") || path.contains("/target/cluster-logs/") && path.endsWith(".log");
    }

    /** The base64 lines of the signing key's PEM: any of them in a log would leak part of the key. */
    private static List<String> privateKeyLines(Path keyFile) throws IOException {
        return Files.readAllLines(keyFile).stream().filter(line -> !line.startsWith("-----") && line.length() >= 16).toList();
    }
}
