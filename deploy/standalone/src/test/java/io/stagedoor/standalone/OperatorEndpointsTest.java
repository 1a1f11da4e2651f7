package io.stagedoor.standalone;

import io.stagedoor.testsupport.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The authorization matrix of the operator endpoints, where they run (the query side and the actuator): metrics and
 * every actuator endpoint but health, projection operations (replay, bulk rebuild, dead letters) and reconciliation
 * answer services only — anonymous 2012, a participant token 2013 — while health and the probes stay open to everyone.
 */
class OperatorEndpointsTest {

    private static StandaloneServer server;
    private static String participant;

    @BeforeAll
    static void start() throws Exception {
        server = new StandaloneServer();
        server.service.post("/v1/meetings", "{\"meetingId\": \"ops\"}");
        participant = server.add("ops", "host", "webinar_host");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Endpoint(String method, String path, int serviceStatus) {
    }

    @Test
    void operatorEndpointsAnswerServicesOnly() {
        String projection = "/v1/admin/projections/stage-read-model";
        List<Endpoint> endpoints = List.of(
                new Endpoint("GET", "/actuator", 200),
                new Endpoint("GET", "/actuator/prometheus", 200),
                new Endpoint("GET", "/actuator/env", 404), // not exposed at all, but not even that is told to others
                new Endpoint("GET", "/v1/admin/projections", 200),
                new Endpoint("GET", projection + "/replay", 200),
                new Endpoint("GET", projection + "/dead-letters", 200),
                new Endpoint("POST", projection + "/dead-letters/retry", 200),
                new Endpoint("GET", "/v1/admin/reconciliation", 200),
                new Endpoint("GET", projection + "/rebuild", 200),
                new Endpoint("POST", projection + "/rebuild", 202));
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            expect(failures, endpoint, "anonymous", server.service.as(null), 401, 2012);
            expect(failures, endpoint, "participant token", server.service.as(participant), 403, 2013);
            expect(failures, endpoint, "service key", server.service, endpoint.serviceStatus(), 0);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void startingAReplayAnswersServicesOnly() {
        Endpoint replay = new Endpoint("POST", "/v1/admin/projections/stage-read-model/replay", 202);
        List<String> failures = new ArrayList<>();
        expect(failures, replay, "anonymous", server.service.as(null), 401, 2012);
        expect(failures, replay, "participant token", server.service.as(participant), 403, 2013);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                server.service.get("/v1/admin/projections/stage-read-model/rebuild").body().path("phase").asText())
                .isIn("NONE", "DONE", "FAILED"));
        expect(failures, replay, "service key", server.service, replay.serviceStatus(), 0);
        assertThat(failures).isEmpty();
    }

    @Test
    void healthAndProbesAreOpenToEveryone() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            for (Api caller : List.of(server.service.as(null), server.service.as(participant), server.service)) {
                assertThat(caller.get(path).status()).as(path).isEqualTo(200);
            }
        }
    }

    private static void expect(List<String> failures, Endpoint endpoint, String who, Api api, int status, int code) {
        Api.Answer answer = api.send(endpoint.method(), endpoint.path(), null);
        boolean refusalAsExpected = code == 0 || answer.code() == code
                && answer.contentType().startsWith("application/problem+json");
        if (answer.status() != status || !refusalAsExpected) {
            failures.add(endpoint.method() + " " + endpoint.path() + " with " + who + ": expected " + status
                    + (code == 0 ? "" : "/" + code) + " but got " + answer.status() + " " + answer.body());
        }
    }
}
