package io.stagedoor.standalone;

import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Live notifications over SSE: who receives what (SPEC §5), in order, and resuming without gap or duplicate. */
class LiveNotificationsTest {

    private static final Duration QUIET = Duration.ofSeconds(2);
    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new StandaloneServer("stagedoor.live.heartbeat=300ms", "stagedoor.live.max-connections-per-viewer=3");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> named(List<SseClient.Event> events) {
        return events.stream().map(e -> e.id() + " " + e.name()).toList();
    }

    @Test
    void aHostAndAViewerReceiveExactlyTheirNotificationsInOrder() throws Exception {
        Api api = server.service;
        api.post("/v1/meetings", "{\"meetingId\": \"live\"}");
        String host = server.add("live", "host", "webinar_host");
        String ada = server.add("live", "ada", "webinar_viewer");
        String bob = server.add("live", "bob", "webinar_viewer");
        try (SseClient hostStream = SseClient.connect(server.port, "/v1/meetings/live/stage/events?minVersion=3", host, null);
             SseClient adaStream = SseClient.connect(server.port, "/v1/meetings/live/stage/events?minVersion=3", ada, null)) {
            assertThat(hostStream.status()).isEqualTo(200);
            api.as(ada).post("/v1/meetings/live/participants/ada/stage/request", null);
            api.as(host).post("/v1/meetings/live/stage/grant", "{\"userIds\": [\"ada\"]}");
            api.as(ada).post("/v1/meetings/live/participants/ada/stage/join", null);
            api.as(bob).post("/v1/meetings/live/participants/bob/stage/request", null);
            api.as(host).post("/v1/meetings/live/stage/deny", "{\"all\": true}");
            api.as(host).post("/v1/meetings/live/stage/kick", "{\"userIds\": [\"ada\"]}");

            List<SseClient.Event> hostEvents = hostStream.take(12, Duration.ofSeconds(10));
            assertThat(named(hostEvents)).containsExactly(
                    "4 newStageRequest", "4 stageAccessRequestUpdate", "4 peerRequestToJoinStage",
                    "5 stageAccessRequestUpdate", "5 peerAcceptedToJoinStage",
                    "6 peerStartedPresenting",
                    "7 newStageRequest", "7 stageAccessRequestUpdate", "7 peerRequestToJoinStage",
                    "8 stageAccessRequestUpdate", "8 peerRejectedToJoinStage",
                    "9 peerStoppedPresenting");
            assertThat(hostEvents.get(0).data()).isEqualTo("{\"userId\":\"ada\",\"name\":\"ada\",\"count\":1}");
            assertThat(hostEvents.get(1).data()).contains("\"userId\":\"ada\"").contains("\"position\":1");
            assertThat(hostEvents.get(3).data()).isEqualTo("{\"requests\":[]}");

            List<SseClient.Event> adaEvents = adaStream.take(11, Duration.ofSeconds(10));
            assertThat(named(adaEvents)).containsExactly(
                    "4 stageStatusUpdate", "4 peerRequestToJoinStage",
                    "5 stageStatusUpdate", "5 stageRequestApproved", "5 peerAcceptedToJoinStage",
                    "6 stageStatusUpdate", "6 peerStartedPresenting",
                    "7 peerRequestToJoinStage",
                    "8 peerRejectedToJoinStage",
                    "9 stageStatusUpdate", "9 peerStoppedPresenting");
            assertThat(adaEvents.get(0).data()).isEqualTo(
                    "{\"userId\":\"ada\",\"oldStatus\":\"OFF_STAGE\",\"newStatus\":\"REQUESTED_TO_JOIN_STAGE\"}");
            assertThat(adaEvents.get(3).data()).isEqualTo("{\"userId\":\"ada\",\"by\":\"host\"}");
            assertThat(hostStream.drain(Duration.ofMillis(500))).as("nothing more for the host").isEmpty();
        }
    }

    /**
     * What changes outside the stage — settings, who is in the meeting, permissions, the end — reaches everyone as
     * {@code meetingUpdate} (decisions #67), one per event, after the notifications SPEC §5 gives it; stage events
     * give none. A client resuming from storage receives the same.
     */
    @Test
    void changesOutsideTheStageReachEveryoneAsMeetingUpdateLiveAndOnResume() throws Exception {
        Api api = server.service;
        api.post("/v1/meetings", "{\"meetingId\": \"updates\", \"maxOnStage\": 4}");
        String host = server.add("updates", "host", "webinar_host");
        String ada = server.add("updates", "ada", "webinar_viewer");
        String path = "/v1/meetings/updates/stage/events?minVersion=2";
        try (SseClient serviceStream = SseClient.connect(server.port, path, StandaloneServer.KEY, null);
             SseClient hostStream = SseClient.connect(server.port, path, host, null);
             SseClient adaStream = SseClient.connect(server.port, path, ada, null)) {
            assertThat(adaStream.status()).isEqualTo(200);
            api.patch("/v1/meetings/updates", "{\"maxOnStage\": 5}");
            server.add("updates", "bob", "webinar_viewer");
            api.patch("/v1/meetings/updates/participants/ada/permissions", "{\"acceptStageRequests\": true}");
            api.as(ada).post("/v1/meetings/updates/participants/ada/stage/request", null);
            api.delete("/v1/meetings/updates/participants/bob");
            assertThat(api.post("/v1/meetings/updates/end", null).version())
                    .as("8, 9: the host (resting ACCEPTED) and ada closed; 10: the end").isEqualTo(10);

            List<SseClient.Event> serviceEvents = serviceStream.take(12, Duration.ofSeconds(10));
            assertThat(named(serviceEvents)).containsExactly(
                    "3 meetingUpdate", "4 meetingUpdate", "5 meetingUpdate",
                    "6 stageStatusUpdate", "6 newStageRequest", "6 stageAccessRequestUpdate",
                    "6 peerRequestToJoinStage",
                    "7 meetingUpdate",
                    "8 stageStatusUpdate",
                    "9 stageStatusUpdate", "9 stageAccessRequestUpdate",
                    "10 meetingUpdate");
            assertThat(serviceEvents.get(0).data()).isEqualTo("{\"type\":\"meeting.settings_changed\"}");
            assertThat(serviceEvents.get(1).data())
                    .isEqualTo("{\"type\":\"participant.added\",\"userId\":\"bob\"}");
            assertThat(serviceEvents.get(2).data())
                    .isEqualTo("{\"type\":\"participant.permissions_changed\",\"userId\":\"ada\"}");
            assertThat(serviceEvents.get(7).data())
                    .isEqualTo("{\"type\":\"participant.removed\",\"userId\":\"bob\"}");
            assertThat(serviceEvents.get(11).data()).isEqualTo("{\"type\":\"meeting.ended\"}");

            List<SseClient.Event> adaEvents = adaStream.take(11, Duration.ofSeconds(10));
            assertThat(named(adaEvents)).as("the viewer learns of its promotion, and from then on sees the queue as "
                    + "hosts do").containsExactly(
                    "3 meetingUpdate", "4 meetingUpdate", "5 meetingUpdate",
                    "6 stageStatusUpdate", "6 newStageRequest", "6 stageAccessRequestUpdate",
                    "6 peerRequestToJoinStage",
                    "7 meetingUpdate",
                    "9 stageStatusUpdate", "9 stageAccessRequestUpdate",
                    "10 meetingUpdate");
            assertThat(adaEvents.get(2)).isEqualTo(serviceEvents.get(2));
            assertThat(named(hostStream.take(10, Duration.ofSeconds(10)))).containsExactly(
                    "3 meetingUpdate", "4 meetingUpdate", "5 meetingUpdate",
                    "6 newStageRequest", "6 stageAccessRequestUpdate", "6 peerRequestToJoinStage",
                    "7 meetingUpdate",
                    "8 stageStatusUpdate",
                    "9 stageAccessRequestUpdate",
                    "10 meetingUpdate");
            assertThat(adaStream.drain(Duration.ofMillis(500))).as("nothing more for ada").isEmpty();

            try (SseClient resumed = SseClient.connect(server.port, path, StandaloneServer.KEY, "2")) {
                assertThat(resumed.take(12, Duration.ofSeconds(10))).as("replayed from the stored events")
                                                                     .isEqualTo(serviceEvents);
            }
        }
    }

    /** The engine's own decisions reach clients like a host's, by service:stagedoor with their reason (SPEC §8). */
    @Test
    void aSeatFreedInAnAutoAcceptMeetingGoesToTheNextRequestAndEveryReaderSaysWhy() throws Exception {
        Api api = server.service;
        api.post("/v1/meetings", "{\"meetingId\": \"auto\", \"autoAccept\": true, \"maxOnStage\": 1}");
        String ada = server.add("auto", "ada", "webinar_viewer");
        String bob = server.add("auto", "bob", "webinar_viewer");
        try (SseClient bobStream = SseClient.connect(server.port, "/v1/meetings/auto/stage/events?minVersion=2", bob, null)) {
            assertThat(bobStream.status()).isEqualTo(200);
            assertThat(api.as(ada).post("/v1/meetings/auto/participants/ada/stage/request", null).body()
                          .path("outcomes").get(0).path("to").asText()).isEqualTo("ACCEPTED_TO_JOIN_STAGE");
            assertThat(api.as(bob).post("/v1/meetings/auto/participants/bob/stage/request", null).body()
                          .path("outcomes").get(0).path("to").asText()).isEqualTo("REQUESTED_TO_JOIN_STAGE");
            api.as(ada).post("/v1/meetings/auto/participants/ada/stage/join", null);
            Api.Answer left = api.as(ada).post("/v1/meetings/auto/participants/ada/stage/leave", null);
            assertThat(left.body().path("outcomes").toString()).as("the leave answers whom it let in")
                    .contains("\"userId\":\"bob\",\"from\":\"REQUESTED_TO_JOIN_STAGE\",\"to\":\"ACCEPTED_TO_JOIN_STAGE\"");
            long admittedAt = left.version();

            List<SseClient.Event> bobEvents = bobStream.take(9, Duration.ofSeconds(10));
            assertThat(named(bobEvents)).endsWith(admittedAt + " stageStatusUpdate", admittedAt + " stageRequestApproved",
                    admittedAt + " peerAcceptedToJoinStage");
            assertThat(bobEvents.get(bobEvents.size() - 2).data())
                    .isEqualTo("{\"userId\":\"bob\",\"by\":\"service:stagedoor\",\"reason\":\"auto-accept\"}");

            List<String> history = new ArrayList<>();
            api.get("/v1/meetings/auto/stage/history?minVersion=" + admittedAt).body().path("entries")
               .forEach(entry -> history.add(entry.toString()));
            assertThat(history.stream().filter(entry -> entry.contains("\"version\":" + admittedAt + ",")
                    || entry.endsWith("\"version\":" + admittedAt + "}")).findFirst().orElseThrow()).contains("\"userId\":\"bob\"", "\"service:stagedoor\"", "\"reason\":\"auto-accept\"");
            assertThat(Api.strings(api.get("/v1/meetings/auto/stage/as-of?version=" + (admittedAt - 1)).body()
                    .path("requests"), "userId")).as("before the leave, bob waited").containsExactly("bob");
            assertThat(Api.strings(api.get("/v1/meetings/auto/stage/as-of?version=" + admittedAt).body()
                    .path("accepted"), "userId")).containsExactly("bob");
        }
    }

    @Test
    void aClientDisconnectedDuringAHundredCommandsResumesWithoutGapOrDuplicate() throws Exception {
        Api api = server.service;
        api.post("/v1/meetings", "{\"meetingId\": \"resume\"}");
        String host = server.add("resume", "host", "webinar_host");
        List<String> viewers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            viewers.add(server.add("resume", "v" + i, "webinar_viewer"));
        }
        String path = "/v1/meetings/resume/stage/events?minVersion=51";
        try (SseClient reference = SseClient.connect(server.port, path, host, null)) {
            SseClient client = SseClient.connect(server.port, path, host, null);
            for (int i = 0; i < 15; i++) {
                api.as(viewers.get(i)).post("/v1/meetings/resume/participants/v" + i + "/stage/request", null);
                api.as(host).post("/v1/meetings/resume/stage/grant", "{\"userIds\": [\"v" + i + "\"]}");
            }
            List<SseClient.Event> beforeDisconnect = client.drain(QUIET);
            client.close();
            for (int i = 15; i < 50; i++) {
                api.as(viewers.get(i)).post("/v1/meetings/resume/participants/v" + i + "/stage/request", null);
                api.as(host).post("/v1/meetings/resume/stage/grant", "{\"userIds\": [\"v" + i + "\"]}");
            }
            try (SseClient resumed = SseClient.connect(server.port, path, host, client.lastEventId())) {
                List<SseClient.Event> afterResume = resumed.drain(QUIET);
                List<SseClient.Event> everything = reference.drain(QUIET);
                assertThat(everything).hasSize(100 * 5 / 2);
                List<SseClient.Event> seen = new ArrayList<>(beforeDisconnect);
                seen.addAll(afterResume);
                assertThat(seen).isEqualTo(everything);
                assertThat(beforeDisconnect).isNotEmpty();
                assertThat(afterResume).isNotEmpty();
            }
        }
    }

    @Test
    void idleStreamsGetKeepAlivesAndEachViewerHasABoundedNumberOfStreams() throws Exception {
        Api api = server.service;
        api.post("/v1/meetings", "{\"meetingId\": \"bounded\"}");
        String ada = server.add("bounded", "ada", "webinar_viewer");
        String path = "/v1/meetings/bounded/stage/events?minVersion=1";
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                streams.add(SseClient.connect(server.port, path, ada, null));
            }
            assertThat(streams).allSatisfy(stream -> assertThat(stream.status()).isEqualTo(200));
            Api.Answer fourth = api.as(ada).get(path);
            assertThat(fourth.status()).isEqualTo(429);
            assertThat(fourth.code()).isEqualTo(2014);
            assertThat(fourth.header("Retry-After")).isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> streams.get(0).comments() >= 2);
            streams.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                SseClient again = SseClient.connect(server.port, path, ada, null);
                boolean accepted = again.status() == 200;
                if (accepted) {
                    streams.add(again);
                }
                return accepted;
            });
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void headAnswersLikeGetWithoutHoldingAStream() {
        Api api = server.service;
        api.post("/v1/meetings", "{\"meetingId\": \"peeked\"}");
        api.post("/v1/meetings", "{\"meetingId\": \"elsewhere\"}");
        String ada = server.add("peeked", "ada", "webinar_viewer");
        String stranger = server.add("elsewhere", "zed", "webinar_viewer");
        String path = "/v1/meetings/peeked/stage/events?minVersion=1";
        // more HEADs than the viewer may hold streams, one after another on the client's kept-alive connection
        for (int i = 0; i < 5; i++) {
            Api.Answer head = api.as(ada).send("HEAD", path, null);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.contentType()).startsWith("text/event-stream");
            assertThat(head.header("Cache-Control")).isEqualTo("no-store");
        }
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                streams.add(SseClient.connect(server.port, path, ada, null));
            }
            assertThat(streams).as("the HEADs hold none of the viewer's three streams")
                               .allSatisfy(stream -> assertThat(stream.status()).isEqualTo(200));
        } finally {
            streams.forEach(SseClient::close);
        }
        assertThat(api.as(stranger).send("HEAD", path, null).status()).isEqualTo(403);
        assertThat(api.as(null).send("HEAD", path, null).status()).isEqualTo(401);
        assertThat(api.send("HEAD", "/v1/meetings/nowhere/stage/events", null).status()).isEqualTo(404);
        assertThat(api.send("HEAD", path, null, "Last-Event-ID", "soon").status()).isEqualTo(400);
    }

    @Test
    void streamsAreOnlyForThoseWhoMayReadTheMeeting() {
        Api api = server.service;
        api.post("/v1/meetings", "{\"meetingId\": \"guarded\"}");
        api.post("/v1/meetings", "{\"meetingId\": \"other\"}");
        String stranger = server.add("other", "zed", "webinar_viewer");
        assertThat(api.as(stranger).get("/v1/meetings/guarded/stage/events").code()).isEqualTo(2013);
        assertThat(api.as(null).get("/v1/meetings/guarded/stage/events").code()).isEqualTo(2012);
        assertThat(api.get("/v1/meetings/nowhere/stage/events").code()).isEqualTo(2007);
        assertThat(api.get("/v1/meetings/guarded/stage/events", "Last-Event-ID", "soon").code()).isEqualTo(2011);
    }
}
