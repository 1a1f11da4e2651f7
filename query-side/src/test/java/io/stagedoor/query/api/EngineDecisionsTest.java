package io.stagedoor.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagedoor.kernel.event.EngineReasons;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.RemovedFromStage;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequestCancelled;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageJoined;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.query.feed.Csv;
import io.stagedoor.query.projection.StoredEvents;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.SseClient;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What readers see of the stage policies (SPEC §8): the meeting's settings in its overview, now and as of a version,
 * and the engine's own decisions — an auto-accept, an acceptance that expired, a request cancelled and a seat released
 * because the participant's presence was lost — with the actor {@code service:stagedoor} and their reasons, in the
 * audit trail and its exports, the live notifications and the change feed. The events are stored as the command side
 * stores them.
 */
class EngineDecisionsTest {

    private static final String KEY = "policies-test-key-0123456789";
    private static final String MEETING = "policies";
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Actor SERVICE = Actor.service("backend");
    private static final UserId ADA = UserId.of("ada");
    private static final UserId BOB = UserId.of("bob");
    private static final String ENGINE = "service:stagedoor";
    /** The policies the meeting starts with; it drops them at {@link #LAST}. */
    private static final MeetingSettings POLICIES = new MeetingSettings("Policies", 1, 300, true, 20, 10, 10);
    private static final long LAST = 14;

    private static ConfigurableApplicationContext context;
    private static int port;
    private static Api api;

    @BeforeAll
    static void start() {
        context = TestApplication.start(QuerySideApplication.class, WebApplicationType.SERVLET, TestDatabase.fresh(),
                "server.port=0", TestApplication.unusedTokenVerificationKey(), "stagedoor.api-keys=backend:" + KEY);
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
        api = new Api(port, KEY);
        MeetingId m = MeetingId.of(MEETING);
        Preset viewer = BuiltInPresets.WEBINAR_VIEWER;
        new StoredEvents(context).append(
                new MeetingCreated(m, POLICIES, SERVICE, at(0)),                                                    // 0
                new ParticipantAdded(m, ADA, "Ada", viewer.name(), viewer.permissions(), OFF_STAGE, SERVICE, at(1)),
                new ParticipantAdded(m, BOB, "Bob", viewer.name(), viewer.permissions(), OFF_STAGE, SERVICE, at(2)),
                new StageAccessRequested(m, ADA, Actor.participant(ADA), at(3), at(303)),                           // 3
                new StageAccessGranted(m, ADA, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, at(3), at(23),
                        EngineReasons.AUTO_ACCEPT),
                new StageAccessRequested(m, BOB, Actor.participant(BOB), at(4), at(304)),                           // 5
                new StageAccessDenied(m, ADA, ACCEPTED_TO_JOIN_STAGE, Actor.ENGINE, at(23),
                        EngineReasons.ACCEPTANCE_EXPIRED),
                new StageAccessGranted(m, BOB, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, at(23), at(43),
                        EngineReasons.AUTO_ACCEPT),                                                                 // 7
                new StageJoined(m, BOB, Actor.participant(BOB), at(24)),
                new RemovedFromStage(m, BOB, ON_STAGE, OFF_STAGE, Actor.ENGINE, at(40), EngineReasons.PRESENCE_LOST),
                new StageAccessRequested(m, ADA, Actor.participant(ADA), at(41), at(341)),                          // 10
                new StageAccessGranted(m, ADA, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, at(41), at(61),
                        EngineReasons.AUTO_ACCEPT),
                new StageAccessRequested(m, BOB, Actor.participant(BOB), at(42), at(342)),
                new StageAccessRequestCancelled(m, BOB, Actor.ENGINE, at(55), EngineReasons.PRESENCE_LOST),         // 13
                new MeetingSettingsChanged(m, new MeetingSettings("Policies", 2, null), SERVICE, at(60)));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Instant at(int seconds) {
        return T.plusSeconds(seconds);
    }

    @Test
    void theOverviewShowsTheSettingsAndAsOfShowsThemAsTheyWere() {
        JsonNode now = api.get("/v1/meetings/" + MEETING + "/stage?minVersion=" + LAST).body();
        assertThat(now.path("maxOnStage").asInt()).isEqualTo(2);
        assertThat(now.path("autoAccept").isBoolean()).as("always there: %s", now).isTrue();
        assertThat(now.path("autoAccept").asBoolean()).isFalse();
        assertThat(now.has("requestTimeoutSeconds")).as("unset settings are absent: %s", now).isFalse();
        assertThat(now.has("acceptTimeoutSeconds")).isFalse();
        assertThat(now.has("maxPendingRequests")).isFalse();
        assertThat(now.has("presenceGraceSeconds")).isFalse();

        JsonNode before = api.get("/v1/meetings/" + MEETING + "/stage/as-of?version=" + (LAST - 1)).body();
        assertThat(before.path("version").asLong()).isEqualTo(LAST - 1);
        assertThat(before.path("title").asText()).isEqualTo("Policies");
        assertThat(before.path("maxOnStage").asInt()).isEqualTo(1);
        assertThat(before.path("requestTimeoutSeconds").asInt()).isEqualTo(300);
        assertThat(before.path("autoAccept").asBoolean()).isTrue();
        assertThat(before.path("acceptTimeoutSeconds").asInt()).isEqualTo(20);
        assertThat(before.path("maxPendingRequests").asInt()).isEqualTo(10);
        assertThat(before.path("presenceGraceSeconds").asInt()).isEqualTo(10);
        assertThat(Api.strings(before.path("accepted"), "userId")).containsExactly("ada");
        assertThat(before.path("requests").size()).as("bob's request was cancelled").isZero();
    }

    @Test
    void asOfShowsEachEngineDecisionsOutcome() {
        JsonNode autoAccepted = asOf("version=4");
        assertThat(Api.strings(autoAccepted.path("accepted"), "userId")).containsExactly("ada");
        JsonNode expired = asOf("version=6");
        assertThat(Api.strings(expired.path("accepted"), "userId")).isEmpty();
        assertThat(Api.strings(expired.path("requests"), "userId")).containsExactly("bob");
        JsonNode onStage = asOf("at=" + at(39));
        assertThat(Api.strings(onStage.path("onStage"), "userId")).containsExactly("bob");
        JsonNode presenceLost = asOf("at=" + at(40));
        assertThat(presenceLost.path("version").asLong()).isEqualTo(9);
        assertThat(Api.strings(presenceLost.path("onStage"), "userId")).isEmpty();
        assertThat(presenceLost.path("counts").path("onStage").asInt()).isZero();
    }

    @Test
    void theHistoryNamesTheEngineAndItsReasons() {
        JsonNode history = api.get("/v1/meetings/" + MEETING + "/stage/history?minVersion=" + LAST).body();
        Map<Long, JsonNode> entries = new LinkedHashMap<>();
        history.path("entries").forEach(e -> entries.put(e.path("version").asLong(), e));
        assertThat(entries).hasSize((int) LAST + 1);
        assertThat(decision(entries.get(4L))).isEqualTo("StageAccessGranted " + ENGINE + " ada auto-accept");
        assertThat(decision(entries.get(6L))).isEqualTo("StageAccessDenied " + ENGINE + " ada acceptance expired");
        assertThat(entries.get(6L).path("from").asText()).isEqualTo("ACCEPTED_TO_JOIN_STAGE");
        assertThat(decision(entries.get(7L))).isEqualTo("StageAccessGranted " + ENGINE + " bob auto-accept");
        assertThat(decision(entries.get(9L))).isEqualTo("RemovedFromStage " + ENGINE + " bob presence lost");
        assertThat(decision(entries.get(13L))).isEqualTo("StageAccessRequestCancelled " + ENGINE + " bob presence lost");
        assertThat(entries.get(3L).has("reason")).as("a participant's own request: %s", entries.get(3L)).isFalse();
        assertThat(entries.get(LAST).has("reason")).isFalse();
    }

    @Test
    void theHistoryExportsCarryTheReasons() throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        api.get("/v1/meetings/" + MEETING + "/stage/history?minVersion=" + LAST).body().path("entries")
           .forEach(entries::add);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : api.get("/v1/meetings/" + MEETING + "/stage/history", "Accept", "application/x-ndjson")
                              .raw().body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).isEqualTo(entries);
        List<Map<String, String>> rows = Csv.parse(api.get("/v1/meetings/" + MEETING + "/stage/history",
                "Accept", "text/csv").raw().body());
        assertThat(rows).extracting(r -> r.get("reason")).containsExactly("", "", "", "", "auto-accept", "",
                "acceptance expired", "auto-accept", "", "presence lost", "", "auto-accept", "", "presence lost", "");
        assertThat(rows.get(6)).containsEntry("actor", ENGINE).containsEntry("userId", "ada");
    }

    @Test
    void liveNotificationsSayWhoDecidedAndWhy() throws Exception {
        List<SseClient.Event> received = new ArrayList<>();
        try (SseClient stream = SseClient.connect(port, "/v1/meetings/" + MEETING + "/stage/events", KEY, "-1")) {
            assertThat(stream.status()).isEqualTo(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.stream().noneMatch(e -> e.id().equals("13") && e.name().equals("stageAccessRequestUpdate"))
                    && System.nanoTime() < deadline) {
                received.addAll(stream.take(1, Duration.ofSeconds(1)));
            }
        }
        assertThat(data(received, "4 stageRequestApproved"))
                .isEqualTo(JSON.readTree("{\"userId\": \"ada\", \"by\": \"" + ENGINE + "\", \"reason\": \"auto-accept\"}"));
        assertThat(data(received, "4 stageStatusUpdate")).isEqualTo(JSON.readTree("{\"userId\": \"ada\", "
                + "\"oldStatus\": \"REQUESTED_TO_JOIN_STAGE\", \"newStatus\": \"ACCEPTED_TO_JOIN_STAGE\", "
                + "\"reason\": \"auto-accept\"}"));
        assertThat(data(received, "6 stageRequestRejected")).isEqualTo(JSON.readTree("{\"userId\": \"ada\", "
                + "\"by\": \"" + ENGINE + "\", \"reason\": \"acceptance expired\"}"));
        assertThat(data(received, "9 stageStatusUpdate")).isEqualTo(JSON.readTree("{\"userId\": \"bob\", "
                + "\"oldStatus\": \"ON_STAGE\", \"newStatus\": \"OFF_STAGE\", \"reason\": \"presence lost\"}"));
        assertThat(data(received, "13 stageStatusUpdate")).isEqualTo(JSON.readTree("{\"userId\": \"bob\", "
                + "\"oldStatus\": \"REQUESTED_TO_JOIN_STAGE\", \"newStatus\": \"OFF_STAGE\", "
                + "\"reason\": \"presence lost\"}"));
        assertThat(data(received, "3 stageStatusUpdate")).as("the participant's own request has no reason")
                .isEqualTo(JSON.readTree("{\"userId\": \"ada\", \"oldStatus\": \"OFF_STAGE\", "
                        + "\"newStatus\": \"REQUESTED_TO_JOIN_STAGE\"}"));
        assertThat(received).extracting(e -> e.id() + " " + e.name())
                            .as("a presence lost is no rejection").doesNotContain("13 stageRequestRejected")
                            .contains("6 peerRejectedToJoinStage", "9 peerStoppedPresenting");
    }

    @Test
    void theChangeFeedCarriesReasonsAndExpiries() {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/v1/events?meetingId=" + MEETING).body()
                                                              .path("events").size() == LAST + 1);
        Map<Long, JsonNode> events = new LinkedHashMap<>();
        api.get("/v1/events?meetingId=" + MEETING).body().path("events")
           .forEach(e -> events.put(e.path("version").asLong(), e));
        assertThat(events.get(3L).path("expiresAt").asText()).as("the request's expiry").isEqualTo(at(303).toString());
        assertThat(events.get(3L).has("reason")).isFalse();
        JsonNode granted = events.get(4L);
        assertThat(granted.path("type").asText()).isEqualTo("stage.access_granted");
        assertThat(granted.path("actor").asText()).isEqualTo(ENGINE);
        assertThat(granted.path("reason").asText()).isEqualTo("auto-accept");
        assertThat(granted.path("expiresAt").asText()).as("the acceptance's expiry").isEqualTo(at(23).toString());
        assertThat(events.get(6L).path("type").asText()).isEqualTo("stage.access_denied");
        assertThat(events.get(6L).path("reason").asText()).isEqualTo("acceptance expired");
        assertThat(events.get(6L).has("expiresAt")).isFalse();
        assertThat(events.get(9L).path("type").asText()).isEqualTo("stage.removed");
        assertThat(events.get(9L).path("reason").asText()).isEqualTo("presence lost");
        assertThat(events.get(13L).path("type").asText()).isEqualTo("stage.access_request_cancelled");
        assertThat(events.get(13L).path("reason").asText()).isEqualTo("presence lost");
        assertThat(events.get(0L).has("reason")).isFalse();
    }

    private JsonNode asOf(String query) {
        Api.Answer answer = api.get("/v1/meetings/" + MEETING + "/stage/as-of?" + query);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    private static String decision(JsonNode entry) {
        return entry.path("type").asText() + " " + entry.path("actor").asText() + " " + entry.path("userId").asText()
                + " " + entry.path("reason").asText();
    }

    private static JsonNode data(List<SseClient.Event> received, String idAndName) throws IOException {
        SseClient.Event event = received.stream().filter(e -> (e.id() + " " + e.name()).equals(idAndName)).findFirst()
                                        .orElseThrow(() -> new AssertionError(idAndName + " not among "
                                                + received.stream().map(e -> e.id() + " " + e.name()).toList()));
        return JSON.readTree(event.data());
    }
}
