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
 * Meanwhile participants added to the busy meeting use their new token on a query node at once: never refused.
 * Query nodes verify tokens with a command node's JWKS; only command nodes hold the signing key.
 */
class ClusterIT {

    private static final String KEY = "cluster-test-key-0123456789";
    private static final int MEETINGS = 20;
    private static final int COMMANDS = 2000;
    private static final int FRESH_PARTICIPANTS = 30;
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
        try (Node command1 = Node.command("command-1", database, apiKeys, keyFile, patient);
             Node command2 = Node.command("command-2", database, apiKeys, keyFile, patient);
             Node query1 = Node.query("query-1", database, apiKeys, command1.jwks(), fast);
             Node query2 = Node.query("query-2", database, apiKeys, command2.jwks(), fast)) {
            for (Node node : List.of(command1, command2, query1, query2)) {
                node.awaitReady();
            }
            assertThat(new Api(query1.port, null).get("/.well-known/jwks.json").status())
                    .as("a query node has no key to publish").isEqualTo(404);
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

            ExecutorService freshClient = Executors.newSingleThreadExecutor();
            Future<List<String>> freshRefusals = freshClient.submit(() -> freshParticipants(commandNodes, query1));
            List<Api.Answer> answers = run(commandNodes, query2);
            assertThat(freshRefusals.get()).as("participants added during the load, reading on query-1 with their new "
                    + "token at once").isEmpty();
            freshClient.shutdown();
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
            JsonNode segments = survivor.projection("stage-read-model").path("segments");
            assertThat(Api.strings(segments, "owner")).as("the survivor owns every segment").hasSize(8)
                                                      .containsOnly(segments.get(0).path("owner").asText());

            try (Node query2Again = Node.query("query-2-restarted", database, apiKeys, command1.jwks(), fast).awaitReady()) {
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
                acknowledge(meeting, answer);
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

    private void acknowledge(String meeting, Api.Answer answer) {
        if (answer.status() == 200) {
            long changes = Api.strings(answer.body().path("outcomes"), "changed").stream().filter("true"::equals).count();
            acknowledgedChanges.computeIfAbsent(meeting, k -> new AtomicLong()).addAndGet(changes);
        }
    }

    /**
     * Adds viewers to the busy meeting one after another and uses each new token on the query node at once, without
     * minVersion: its live stream opens and stays open (it carries the viewer's own change), its read answers.
     */
    private List<String> freshParticipants(Api[] commandNodes, Node queryNode) throws InterruptedException {
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < FRESH_PARTICIPANTS; i++) {
            Api commandNode = commandNodes[i % 2];
            String user = "fresh-" + i;
            Api.Answer added = commandNode.post("/v1/meetings/m0/participants",
                    "{\"userId\": \"" + user + "\", \"preset\": \"webinar_viewer\"}");
            acknowledge("m0", added);
            if (added.status() != 200) {
                refusals.add(user + " not added: " + added.body());
                continue;
            }
            String token = added.body().path("token").asText();
            try (SseClient stream = SseClient.connect(queryNode.port, "/v1/meetings/m0/stage/events", token, null)) {
                Api.Answer self = new Api(queryNode.port, token).get("/v1/meetings/m0/participants/" + user);
                if (stream.status() != 200 || self.status() != 200) {
                    refusals.add(user + ": stream " + stream.status() + ", participant " + self.body());
                    continue;
                }
                acknowledge("m0", commandNode.post("/v1/meetings/m0/stage/grant", "{\"userIds\": [\"" + user + "\"]}"));
                if (!receivesOwnUpdate(stream, user)) {
                    refusals.add(user + ": its stream ended or did not carry its own change");
                }
            }
        }
        return refusals;
    }

    private static boolean receivesOwnUpdate(SseClient stream, String user) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !stream.ended()) {
            for (SseClient.Event event : stream.take(1, Duration.ofMillis(200))) {
                if (event.name().equals("stageStatusUpdate") && event.data().contains("\"" + user + "\"")) {
                    return true;
                }
            }
        }
        return false;
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
