package io.stagedoor.cluster;

import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.SseClient;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence is cluster-wide (SPEC §8 presenceGraceSeconds): one command node and two query nodes on one PostgreSQL.
 * A viewer whose stream is cut and does not come back within the grace loses its raised hand; one that reconnects to
 * the other query node within the grace keeps its seat; heartbeats keep a viewer with no stream present; a query node
 * killed with its streams leaves its viewers to be judged by the grace period: not kicked at once, not forgotten.
 */
class PresenceIT {

    private static final String KEY = "presence-test-key-0123456789";
    private static final int GRACE_SECONDS = 6;
    private static final String MEETING = "presence";

    @Test
    void presenceIsJudgedByTheGracePeriodAcrossQueryNodes(@TempDir Path keys) throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        Path keyFile = keys.resolve("token-signing-key.pem");
        String apiKeys = "presence:" + KEY;
        String fast = "stagedoor.command.deadline-polling-interval=300ms";
        // a closed stream is noticed at the next write to it: the keep-alive comment, every second here
        String refresh = "stagedoor.live.presence-refresh=1s";
        String keepAlive = "stagedoor.live.heartbeat=1s";
        try (Node command = Node.command("presence-command", database, apiKeys, keyFile, fast);
             Node query1 = Node.query("presence-query-1", database, apiKeys, command.jwks(), refresh, keepAlive);
             Node query2 = Node.query("presence-query-2", database, apiKeys, command.jwks(), refresh, keepAlive)) {
            for (Node node : List.of(command, query1, query2)) {
                node.awaitReady();
            }
            Api service = new Api(command.port, KEY);
            assertThat(service.post("/v1/meetings", "{\"meetingId\": \"" + MEETING + "\", \"presenceGraceSeconds\": "
                    + GRACE_SECONDS + "}").status()).isEqualTo(201);
            String cut = token(service, "cut");
            String moving = token(service, "moving");
            String beating = token(service, "beating");
            String stranded = token(service, "stranded");
            Api commands = new Api(command.port, null);

            SseClient cutStream = stream(query1, cut);
            SseClient movingStream = stream(query1, moving);
            SseClient strandedStream = stream(query2, stranded);
            for (String viewer : List.of("cut", "moving", "beating", "stranded")) {
                assertThat(commands.as(tokenOf(viewer, cut, moving, beating, stranded))
                                   .post("/v1/meetings/" + MEETING + "/participants/" + viewer + "/stage/request", null)
                                   .status()).isEqualTo(200);
            }
            assertThat(service.post("/v1/meetings/" + MEETING + "/stage/grant", "{\"userIds\": [\"moving\"]}").status())
                    .isEqualTo(200);
            ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
            List<Integer> heartbeatAnswers = new CopyOnWriteArrayList<>();
            heartbeats.scheduleAtFixedRate(() -> heartbeatAnswers.add(commands.as(beating)
                    .post("/v1/meetings/" + MEETING + "/participants/beating/presence", null).status()), 0, 1500,
                    TimeUnit.MILLISECONDS);
            try {
                cutStream.close();
                movingStream.close();
                // away for a moment, well within the grace, then back on the other query node
                Thread.sleep(1500);
                SseClient moved = stream(query2, moving);
                assertThat(moved.status()).isEqualTo(200);

                await().atMost(Duration.ofSeconds(GRACE_SECONDS + 15)).untilAsserted(() ->
                        assertThat(lostPresence(database)).containsExactly("cut"));
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(lostPresence(database)).as("back within the grace, or beating: nothing lost")
                                                          .containsExactly("cut"));
                assertThat(status(database, "moving")).isEqualTo("ACCEPTED_TO_JOIN_STAGE");
                assertThat(status(database, "beating")).isEqualTo("REQUESTED_TO_JOIN_STAGE");
                assertThat(heartbeatAnswers).isNotEmpty().containsOnly(204);

                query2.kill();
                long killedAt = System.nanoTime();
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                        assertThat(lostPresence(database)).as("a dead node's viewers are not kicked at once")
                                                          .containsExactly("cut"));
                await().atMost(Duration.ofSeconds(GRACE_SECONDS + 15)).untilAsserted(() ->
                        assertThat(lostPresence(database)).containsExactlyInAnyOrder("cut", "moving", "stranded"));
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
                        .as("judged by the grace period from their node's last word")
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(GRACE_SECONDS - 1));
                assertThat(status(database, "moving")).as("its seat released").isEqualTo("OFF_STAGE");
                assertThat(status(database, "stranded")).isEqualTo("OFF_STAGE");
                assertThat(status(database, "beating")).isEqualTo("REQUESTED_TO_JOIN_STAGE");
            } finally {
                heartbeats.shutdownNow();
            }
        }
    }

    private static SseClient stream(Node query, String token) {
        SseClient client = SseClient.connect(query.port, "/v1/meetings/" + MEETING + "/stage/events", token, null);
        assertThat(client.status()).isEqualTo(200);
        return client;
    }

    private static String token(Api service, String viewer) {
        Api.Answer added = service.post("/v1/meetings/" + MEETING + "/participants",
                "{\"userId\": \"" + viewer + "\", \"preset\": \"webinar_viewer\"}");
        assertThat(added.status()).isEqualTo(200);
        return added.body().get("token").asText();
    }

    private static String tokenOf(String viewer, String cut, String moving, String beating, String stranded) {
        return switch (viewer) {
            case "cut" -> cut;
            case "moving" -> moving;
            case "beating" -> beating;
            default -> stranded;
        };
    }

    /** The participants the engine took something from for lost presence, in the order it did. */
    private static List<String> lostPresence(TestDatabase.Credentials database) throws SQLException {
        return strings(database, "SELECT p ->> 'userId' FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p, "
                + "sequenceNumber FROM domain_event_entry WHERE aggregateIdentifier = ?) e "
                + "WHERE p ->> 'reason' = 'presence lost' ORDER BY sequenceNumber", MEETING);
    }

    /** A participant's status after its latest event. */
    private static String status(TestDatabase.Credentials database, String viewer) throws SQLException {
        List<String> statuses = strings(database, "SELECT coalesce(p ->> 'to', p ->> 'status', CASE payloadType "
                + "WHEN 'io.stagedoor.kernel.event.StageAccessRequested' THEN 'REQUESTED_TO_JOIN_STAGE' "
                + "WHEN 'io.stagedoor.kernel.event.StageAccessGranted' THEN 'ACCEPTED_TO_JOIN_STAGE' "
                + "WHEN 'io.stagedoor.kernel.event.StageJoined' THEN 'ON_STAGE' ELSE 'OFF_STAGE' END) FROM "
                + "(SELECT convert_from(payload, 'UTF8')::jsonb AS p, payloadType, sequenceNumber FROM domain_event_entry "
                + "WHERE aggregateIdentifier = '" + MEETING + "') e WHERE p ->> 'userId' = ? ORDER BY sequenceNumber DESC",
                viewer);
        return statuses.get(0);
    }

    private static List<String> strings(TestDatabase.Credentials database, String sql, String parameter)
            throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
