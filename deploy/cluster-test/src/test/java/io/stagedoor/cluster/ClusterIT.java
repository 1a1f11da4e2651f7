package io.stagedoor.cluster;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command-side and two query-side processes on loopback, one PostgreSQL. 2,000 commands for 20 meetings over
 * both command nodes, half of them on the same meeting; one query node is killed half-way. Then: every acknowledged
 * change is stored exactly once, the invariants hold, both query nodes serve the same read models, and the SSE
 * clients (one per query node, the second moving over when its node dies) saw every notification of their meeting.
 */
class ClusterIT {

    private static final String KEY = "cluster-test-key-0123456789";
    private static final int MEETINGS = 20;
    private static final int COMMANDS = 2000;
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final Map<String, Long> setupVersion = new HashMap<>();
    private final Map<String, AtomicLong> acknowledgedChanges = new ConcurrentHashMap<>();

    @Test
    void severalNodesOnOneDatabaseStayCorrect(@TempDir Path keys) throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        Path keyFile = keys.resolve("token-signing-key.pem");
        String apiKeys = "cluster:" + KEY;
        String fast = "stagedoor.query.min-version-wait=30s";
        // Four JVMs and PostgreSQL share this machine's cores, and half the commands contend for one meeting: the
        // test is about correctness, so commands may take longer than the 2 s production bound.
        String patient = "stagedoor.command.command-timeout=30s";
        try (Node command1 = Node.start("command-1", "stagedoor.commandJar", database, apiKeys, keyFile, patient);
             Node command2 = Node.start("command-2", "stagedoor.commandJar", database, apiKeys, keyFile, patient);
             Node query1 = Node.start("query-1", "stagedoor.queryJar", database, apiKeys, keyFile, fast);
             Node query2 = Node.start("query-2", "stagedoor.queryJar", database, apiKeys, keyFile, fast)) {
            for (Node node : List.of(command1, command2, query1, query2)) {
                node.awaitReady();
            }
            Api[] commandNodes = {new Api(command1.port, KEY), new Api(command2.port, KEY)};
            for (int m = 0; m < MEETINGS; m++) {
                setUp(commandNodes[m % 2], "m" + m, m == 0 ? 30 : 10);
            }

            SseClient hotWatcher = SseClient.connect(query1.port, "/v1/meetings/m0/stage/events?minVersion="
                    + setupVersion.get("m0"), KEY, String.valueOf(setupVersion.get("m0")));
            SseClient otherWatcher = SseClient.connect(query2.port, "/v1/meetings/m1/stage/events?minVersion="
                    + setupVersion.get("m1"), KEY, String.valueOf(setupVersion.get("m1")));
            assertThat(hotWatcher.status()).isEqualTo(200);
            assertThat(otherWatcher.status()).isEqualTo(200);

            List<Api.Answer> answers = run(commandNodes, query2);
            List<SseClient.Event> otherSeen = new ArrayList<>(otherWatcher.drain(Duration.ofMillis(200)));
            otherWatcher.close();
            SseClient movedWatcher = SseClient.connect(query1.port, "/v1/meetings/m1/stage/events", KEY,
                    otherWatcher.lastEventId());

            assertThat(answers).hasSize(COMMANDS).allSatisfy(answer -> {
                assertThat(answer.status()).as("%s", answer.body()).isIn(200, 403, 404, 409);
                if (answer.status() != 200) {
                    assertThat(answer.code()).as("%s", answer.body()).isBetween(2001, 2008);
                }
            });
            for (int m = 0; m < MEETINGS; m++) {
                String meeting = "m" + m;
                assertThat(head(database, meeting) - setupVersion.get(meeting))
                        .as("every acknowledged change of %s is stored exactly once", meeting)
                        .isEqualTo(acknowledgedChanges.getOrDefault(meeting, new AtomicLong()).get());
            }

            Api survivor = new Api(query1.port, KEY);
            for (int m = 0; m < MEETINGS; m++) {
                long head = head(database, "m" + m);
                assertThat(survivor.get("/v1/meetings/m" + m + "/stage?minVersion=" + head).body().path("version").asLong())
                        .as("the surviving query node took over and caught up with m%s", m).isEqualTo(head);
            }
            JsonNode segments = survivor.get("/v1/admin/projections").body().get(0).path("segments");
            assertThat(Api.strings(segments, "owner")).as("the survivor owns every segment").hasSize(8)
                                                      .containsOnly(segments.get(0).path("owner").asText());

            try (Node query2Again = Node.start("query-2-restarted", "stagedoor.queryJar", database, apiKeys, keyFile, fast)
                                        .awaitReady()) {
                Api one = new Api(query1.port, KEY);
                Api two = new Api(query2Again.port, KEY);
                for (int m = 0; m < MEETINGS; m++) {
                    String meeting = "m" + m;
                    long head = head(database, meeting);
                    JsonNode overview = one.get("/v1/meetings/" + meeting + "/stage?minVersion=" + head).body();
                    assertThat(overview.path("version").asLong()).isEqualTo(head);
                    assertThat(two.get("/v1/meetings/" + meeting + "/stage?minVersion=" + head).body())
                            .as("both query nodes serve the same overview of %s", meeting).isEqualTo(overview);
                    assertThat(two.get("/v1/meetings/" + meeting + "/participants?limit=1000").body())
                            .isEqualTo(one.get("/v1/meetings/" + meeting + "/participants?limit=1000").body());
                    assertThat(two.get("/v1/meetings/" + meeting + "/stage/history?limit=1000").body())
                            .isEqualTo(one.get("/v1/meetings/" + meeting + "/stage/history?limit=1000").body());
                    assertInvariants(one, meeting, overview);
                }
            }

            List<SseClient.Event> hotSeen = hotWatcher.drain(QUIET);
            otherSeen.addAll(movedWatcher.drain(QUIET));
            assertEveryNotification(query1, "m0", hotSeen);
            assertEveryNotification(query1, "m1", otherSeen);
            hotWatcher.close();
            movedWatcher.close();
        }
    }

    /** A meeting with a host, a presenter and viewers; remembers the version after the setup. */
    private void setUp(Api api, String meeting, int viewers) {
        api.post("/v1/meetings", "{\"meetingId\": \"" + meeting + "\", \"maxOnStage\": " + (meeting.equals("m0") ? 3 : 2) + "}");
        api.post("/v1/meetings/" + meeting + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
        long version = api.post("/v1/meetings/" + meeting + "/participants",
                "{\"userId\": \"presenter\", \"preset\": \"webinar_presenter\"}").version();
        for (int v = 0; v < viewers; v++) {
            version = api.post("/v1/meetings/" + meeting + "/participants",
                    "{\"userId\": \"v" + v + "\", \"preset\": \"webinar_viewer\"}").version();
        }
        setupVersion.put(meeting, version);
    }

    /** 2,000 commands from 16 clients over both command nodes; kills query node 2 half-way. */
    private List<Api.Answer> run(Api[] commandNodes, Node doomed) throws Exception {
        Random random = new Random(5);
        List<Callable<Api.Answer>> commands = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < COMMANDS; i++) {
            Api node = commandNodes[i % 2];
            String meeting = i % 4 < 2 ? "m0" : "m" + (1 + random.nextInt(MEETINGS - 1));
            String viewer = "v" + random.nextInt(meeting.equals("m0") ? 30 : 10);
            String base = "/v1/meetings/" + meeting;
            int action = random.nextInt(10);
            commands.add(() -> {
                Api.Answer answer = switch (action) {
                    case 0, 1, 2 -> node.post(base + "/participants/" + viewer + "/stage/request", null, "X-Acting-User", viewer);
                    case 3 -> node.post(base + "/stage/grant", "{\"all\": true}", "X-Acting-User", "host");
                    case 4 -> node.post(base + "/stage/grant", "{\"userIds\": [\"" + viewer + "\"]}", "X-Acting-User", "host");
                    case 5, 6 -> node.post(base + "/participants/" + viewer + "/stage/join", null, "X-Acting-User", viewer);
                    case 7 -> node.post(base + "/participants/" + viewer + "/stage/leave", null, "X-Acting-User", viewer);
                    case 8 -> node.post(base + "/stage/kick", "{\"userIds\": [\"" + viewer + "\", \"presenter\"]}",
                            "X-Acting-User", "host");
                    default -> node.post(base + "/participants/presenter/stage/join", null);
                };
                if (answer.status() == 200) {
                    long changes = Api.strings(answer.body().path("outcomes"), "changed").stream().filter("true"::equals).count();
                    acknowledgedChanges.computeIfAbsent(meeting, k -> new AtomicLong()).addAndGet(changes);
                }
                if (done.incrementAndGet() == COMMANDS / 2) {
                    doomed.kill();
                }
                return answer;
            });
        }
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Api.Answer> answers = new ArrayList<>();
        for (Future<Api.Answer> answer : clients.invokeAll(commands)) {
            answers.add(answer.get());
        }
        clients.shutdown();
        return answers;
    }

    private static void assertInvariants(Api api, String meeting, JsonNode overview) {
        int maxOnStage = overview.path("maxOnStage").asInt();
        assertThat(overview.path("onStage").size()).as("on stage ≤ maxOnStage in %s", meeting).isLessThanOrEqualTo(maxOnStage);
        JsonNode participants = api.get("/v1/meetings/" + meeting + "/participants?limit=1000").body().path("participants");
        Set<String> requested = new HashSet<>();
        participants.forEach(p -> {
            String status = p.path("status").asText();
            if (status.equals("REQUESTED_TO_JOIN_STAGE")) {
                requested.add(p.path("userId").asText());
            }
            if (p.path("permissions").path("stageAccess").asText().equals("ALLOWED")) {
                assertThat(status).as("an ALLOWED participant in %s", meeting).isIn("ACCEPTED_TO_JOIN_STAGE", "ON_STAGE");
            }
        });
        assertThat(Api.strings(overview.path("requests"), "userId")).as("the queue of %s holds exactly the requests", meeting)
                                                                 .containsExactlyInAnyOrderElementsOf(requested);
        assertThat(api.get("/v1/meetings/" + meeting + "/stage/as-of?version=" + overview.path("version").asLong()).body())
                .as("the read model of %s equals the events folded", meeting).isEqualTo(overview);
    }

    /** What a client saw equals what a client reading everything from storage afterwards sees. */
    private void assertEveryNotification(Node node, String meeting, List<SseClient.Event> seen) throws Exception {
        try (SseClient reference = SseClient.connect(node.port, "/v1/meetings/" + meeting + "/stage/events", KEY,
                String.valueOf(setupVersion.get(meeting)))) {
            List<SseClient.Event> everything = reference.drain(QUIET);
            assertThat(everything).as("notifications of %s", meeting).isNotEmpty();
            assertThat(seen).as("the live client of %s saw every notification, once, in order", meeting).isEqualTo(everything);
        }
    }

    private static long head(TestDatabase.Credentials database, String meeting) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT max(sequenceNumber) FROM domain_event_entry WHERE aggregateIdentifier = ?")) {
            statement.setString(1, meeting);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
