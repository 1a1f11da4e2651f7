package io.stagedoor.standalone;

import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.SseClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token works the moment "add participant" answers it: the participant's live stream opens and its reads answer,
 * without minVersion, even while the read model and the live stream's tail are still catching up — a browser's
 * EventSource does not retry after a refusal. The token carries the version that added the participant; a read waits
 * for the read model to reach it. A presenter going on and off stage meanwhile keeps both behind, and a service
 * watching the meeting throughout keeps its live channel open, fed by the tail of the event store.
 */
class FreshTokenTest {

    private static final int ROUNDS = 200;

    @Test
    void aFreshTokenOpensTheLiveStreamAndReadsAtOnceEveryTime() throws Exception {
        try (StandaloneServer server = new StandaloneServer()) {
            Api service = server.service;
            service.post("/v1/meetings", "{\"meetingId\": \"fresh\"}");
            Api presenter = service.as(server.add("fresh", "presenter", "webinar_presenter"));
            AtomicBoolean running = new AtomicBoolean(true);
            Thread busyStage = new Thread(() -> {
                while (running.get()) {
                    presenter.post("/v1/meetings/fresh/participants/presenter/stage/join", null);
                    presenter.post("/v1/meetings/fresh/participants/presenter/stage/leave", null);
                }
            }, "presenter");
            busyStage.start();
            List<String> refusals = new ArrayList<>();
            try (SseClient watcher = SseClient.connect(server.port, "/v1/meetings/fresh/stage/events", StandaloneServer.KEY,
                    null)) {
                assertThat(watcher.status()).isEqualTo(200);
                for (int round = 0; round < ROUNDS; round++) {
                    String user = "u" + round;
                    String token = server.add("fresh", user, "webinar_viewer");
                    try (SseClient stream = SseClient.connect(server.port, "/v1/meetings/fresh/stage/events", token, null)) {
                        Api.Answer self = service.as(token).get("/v1/meetings/fresh/participants/" + user);
                        if (stream.status() != 200 || self.status() != 200) {
                            refusals.add(user + ": stream " + stream.status() + ", participant " + self.body());
                            continue;
                        }
                        service.post("/v1/meetings/fresh/stage/grant", "{\"userIds\": [\"" + user + "\"]}");
                        if (!receivesOwnUpdate(stream)) {
                            refusals.add(user + ": its stream ended or did not carry its own change");
                        }
                    }
                }
            } finally {
                running.set(false);
                busyStage.join();
            }
            assertThat(refusals).as("rounds of add participant, then at once its live stream and its read").isEmpty();
        }
    }

    private static boolean receivesOwnUpdate(SseClient stream) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (SseClient.Event event : stream.take(1, Duration.ofMillis(200))) {
                if (event.name().equals("stageStatusUpdate")) {
                    return true;
                }
            }
            if (stream.ended()) {
                return false;
            }
        }
        return false;
    }
}
