package io.stagedoor.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stagedoor.testsupport.Api;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands over HTTP, then the query endpoints with {@code minVersion}: they answer exactly the state the commands
 * produced, and the overview equals the time-travelled one at the same version.
 */
class EndToEndTest {

    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new StandaloneServer("stagedoor.query.min-version-wait=1s");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void queriesAnswerWhatTheCommandsDid() {
        Api api = server.service;
        assertThat(api.post("/v1/meetings", "{\"meetingId\": \"e2e\", \"title\": \"Town hall\", \"maxOnStage\": 3}").status())
                .isEqualTo(201);
        String host = server.add("e2e", "host", "webinar_host");
        String ada = server.add("e2e", "ada", "webinar_viewer");
        String bob = server.add("e2e", "bob", "webinar_viewer");
        server.add("e2e", "cy", "webinar_viewer");
        api.as(ada).post("/v1/meetings/e2e/participants/ada/stage/request", null);
        api.as(bob).post("/v1/meetings/e2e/participants/bob/stage/request", null);
        Api.Answer requested = api.as(server.add("e2e", "dan", "livestream_viewer"))
                                  .post("/v1/meetings/e2e/participants/dan/stage/request", null);
        long queueOfThree = requested.version();
        Instant whenThreeWaited = Instant.now();
        api.as(host).post("/v1/meetings/e2e/stage/grant", "{\"userIds\": [\"ada\"]}");
        api.as(ada).post("/v1/meetings/e2e/participants/ada/stage/join", null);
        api.as(host).post("/v1/meetings/e2e/participants/host/stage/join", null);
        api.as(host).post("/v1/meetings/e2e/stage/deny", "{\"userIds\": [\"bob\"]}");
        Api.Answer last = api.as(host).patch("/v1/meetings/e2e/participants/cy/permissions", "{\"stageAccess\": \"ALLOWED\"}");
        long version = last.version();

        JsonNode overview = api.get("/v1/meetings/e2e/stage?minVersion=" + version).body();
        assertThat(overview.path("version").asLong()).isEqualTo(version);
        assertThat(overview.path("title").asText()).isEqualTo("Town hall");
        assertThat(overview.path("counts").toString()).isEqualTo("{\"participants\":5,\"onStage\":2,\"accepted\":1,\"requested\":1}");
        assertThat(Api.strings(overview.path("onStage"), "userId")).containsExactly("ada", "host");
        assertThat(Api.strings(overview.path("accepted"), "userId")).containsExactly("cy");
        assertThat(overview.path("requests").toString()).contains("\"userId\":\"dan\"").contains("\"position\":1");

        assertThat(api.get("/v1/meetings/e2e/stage/as-of?version=" + version).body()).isEqualTo(overview);
        JsonNode then = api.get("/v1/meetings/e2e/stage/as-of?version=" + queueOfThree).body();
        assertThat(Api.strings(then.path("requests"), "userId")).containsExactly("ada", "bob", "dan");
        assertThat(Api.strings(then.path("requests"), "position")).containsExactly("1", "2", "3");
        JsonNode atTime = api.get("/v1/meetings/e2e/stage/as-of?at=" + whenThreeWaited).body();
        assertThat(atTime.path("version").asLong()).isEqualTo(queueOfThree);

        JsonNode participants = api.get("/v1/meetings/e2e/participants?limit=4&minVersion=" + version).body();
        assertThat(Api.strings(participants.path("participants"), "userId")).containsExactly("ada", "bob", "cy", "dan");
        JsonNode rest = api.get("/v1/meetings/e2e/participants?limit=4&cursor=" + participants.path("next").asText()).body();
        assertThat(Api.strings(rest.path("participants"), "userId")).containsExactly("host");
        assertThat(rest.path("next").isNull()).isTrue();
        assertThat(Api.strings(api.get("/v1/meetings/e2e/participants?status=ON_STAGE").body().path("participants"), "userId"))
                .containsExactly("ada", "host");
        JsonNode cy = api.get("/v1/meetings/e2e/participants/cy").body();
        assertThat(cy.path("status").asText()).isEqualTo("ACCEPTED_TO_JOIN_STAGE");
        assertThat(cy.path("permissions").path("stageAccess").asText()).isEqualTo("ALLOWED");
        assertThat(cy.path("preset").asText()).isEqualTo("webinar_viewer");

        JsonNode requests = api.get("/v1/meetings/e2e/stage/requests").body();
        assertThat(Api.strings(requests.path("requests"), "userId")).containsExactly("dan");
        JsonNode history = api.get("/v1/meetings/e2e/stage/history?limit=1000").body();
        assertThat(history.path("entries")).hasSize((int) version + 1);
        JsonNode lastEntry = history.path("entries").get((int) version);
        assertThat(lastEntry.path("type").asText()).isEqualTo("ParticipantPermissionsChanged");
        assertThat(lastEntry.path("actor").asText()).isEqualTo("host");
        assertThat(lastEntry.path("to").asText()).isEqualTo("ACCEPTED_TO_JOIN_STAGE");
        JsonNode page = api.get("/v1/meetings/e2e/stage/history?after=3&limit=2").body();
        assertThat(Api.strings(page.path("entries"), "version")).containsExactly("4", "5");
        assertThat(page.path("next").asText()).isEqualTo("5");
    }

    @Test
    void participantsReadOnlyTheirMeetingAndSeeTheQueueOnlyAsHosts() {
        Api api = server.service;
        api.post("/v1/meetings", "{\"meetingId\": \"reads\"}");
        api.post("/v1/meetings", "{\"meetingId\": \"elsewhere\"}");
        String host = server.add("reads", "host", "webinar_host");
        String ada = server.add("reads", "ada", "webinar_viewer");
        String other = server.add("elsewhere", "zed", "webinar_viewer");
        long version = api.as(ada).post("/v1/meetings/reads/participants/ada/stage/request", null).version();

        JsonNode asViewer = api.as(ada).get("/v1/meetings/reads/stage?minVersion=" + version).body();
        assertThat(asViewer.has("requests")).isFalse();
        assertThat(asViewer.path("counts").path("requested").asInt()).isEqualTo(1);
        assertProblem(api.as(ada).get("/v1/meetings/reads/stage/requests"), 2003);
        assertProblem(api.as(ada).get("/v1/meetings/reads/stage/history"), 2003);
        assertThat(api.as(ada).get("/v1/meetings/reads/stage/as-of?version=" + version).body().has("requests")).isFalse();
        assertThat(api.as(host).get("/v1/meetings/reads/stage/requests").body().path("requests")).hasSize(1);
        assertProblem(api.as(other).get("/v1/meetings/reads/stage"), 2013);
        assertProblem(api.as(null).get("/v1/meetings/reads/stage"), 2012);
        assertProblem(api.get("/v1/meetings/nowhere/stage"), 2007);
        assertProblem(api.get("/v1/meetings/reads/participants/ghost"), 2005);
        assertProblem(api.get("/v1/meetings/reads/stage?minVersion=" + (version + 50)), 2011);
        assertProblem(api.get("/v1/meetings/nowhere/stage?minVersion=3"), 2007);
        assertProblem(api.get("/v1/meetings/reads/stage/as-of"), 2011);
        assertProblem(api.get("/v1/meetings/reads/stage/as-of?at=yesterday"), 2011);
        assertProblem(api.get("/v1/meetings/reads/stage/as-of?at=2000-01-01T00:00:00Z"), 2007);
        assertProblem(api.get("/v1/meetings/reads/participants?limit=5000"), 2011);
        assertProblem(api.get("/v1/meetings/reads/participants?status=SLEEPING"), 2011);
        assertProblem(api.get("/v1/meetings/reads/participants?cursor=!!!"), 2011);
    }

    @Test
    void operatorsSeeEachProjectionsPositionSegmentsAndDeadLetters() {
        Api api = server.service;
        api.post("/v1/meetings", "{\"meetingId\": \"ops\"}");
        String viewer = server.add("ops", "ada", "webinar_viewer");
        long version = api.get("/v1/meetings/ops/stage?minVersion=1").body().path("version").asLong();
        assertThat(version).isEqualTo(1);
        JsonNode projections = api.get("/v1/admin/projections").body();
        assertThat(projections).extracting(p -> p.path("name").asText())
                               .containsExactlyInAnyOrder("stage-read-model", "integration-feed");
        JsonNode readModel = api.projection("stage-read-model");
        assertThat(readModel.path("running").asBoolean()).isTrue();
        assertThat(readModel.path("segments")).hasSize(8);
        assertThat(readModel.path("segments").get(0).path("owner").asText()).isNotBlank();
        assertThat(readModel.path("head").asLong()).isGreaterThanOrEqualTo(readModel.path("position").asLong());
        assertThat(readModel.path("deadLetters").asLong()).isZero();
        assertThat(api.get("/v1/admin/projections/stage-read-model/dead-letters").body()).isEmpty();
        assertThat(api.get("/v1/admin/projections/stage-read-model/replay").body().path("total").asLong()).isPositive();
        assertProblem(api.as(viewer).get("/v1/admin/projections"), 2013);
        assertProblem(api.get("/v1/admin/projections/nothing/replay"), 2011);
    }

    @Test
    void probesAndMetricsAreThereForOperators() {
        Api anonymous = server.service.as(null);
        assertThat(anonymous.get("/actuator/health/liveness").body().path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.get("/actuator/health/readiness").body().path("status").asText()).isEqualTo("UP");
        assertProblem(anonymous.get("/actuator/prometheus"), 2012);
        server.service.post("/v1/meetings", "{\"meetingId\": \"metrics\"}");
        server.service.get("/v1/meetings/metrics/stage?minVersion=0");
        assertProblem(server.service.post("/v1/meetings/no-such-meeting/end", null), 2007);
        String metrics = server.service.get("/actuator/prometheus").raw().body();
        assertThat(metrics).as("a refusal is counted apart from faults")
                           .contains("stagedoor_commands_seconds_count{outcome=\"refused\",type=\"EndMeeting\"}")
                           .doesNotContain("outcome=\"failure\",type=\"EndMeeting\"");
        assertThat(metrics).contains("stagedoor_commands_seconds_count{outcome=\"success\",type=\"CreateMeeting\"}",
                "stagedoor_commands_seconds_bucket{outcome=\"success\",type=\"CreateMeeting\",le=\"0.001\"}",
                "stagedoor_events_seconds_count{outcome=\"success\",processor=\"stage-read-model\",type=\"MeetingCreated\"}",
                "eventProcessor_latency", "stagedoor_projection_lag_events{projection=\"stage-read-model\"}");
        assertThat(metrics).as("latencies as histograms: no percentile computed in the process").doesNotContain("quantile=");
    }

    @Test
    void aVersionStoredButNotYetProjectedIsAwaitedThen2015() {
        server.service.post("/v1/meetings", "{\"meetingId\": \"paused\"}");
        long created = server.service.get("/v1/meetings/paused/stage?minVersion=0").version();
        StreamingEventProcessor projection = server.context.getBean(EventProcessingConfiguration.class)
                .eventProcessor("stage-read-model", StreamingEventProcessor.class).orElseThrow();
        projection.shutDown();
        try {
            long added = server.service.post("/v1/meetings/paused/participants",
                    "{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}").version();
            assertThat(added).isGreaterThan(created);
            long start = System.nanoTime();
            assertProblem(server.service.get("/v1/meetings/paused/stage?minVersion=" + added), 2015);
            assertThat((System.nanoTime() - start) / 1_000_000).as("waited the configured second").isBetween(900L, 3000L);
        } finally {
            projection.start();
        }
    }

    /**
     * Answers of every kind, the sparse ones too — a participant without a name, an answer without a token, outcomes
     * without {@code from} or {@code to}, a meeting without settings and an ended one, an operator's view before any
     * rebuild, a delivery of a test message, refusals. The client holds each to docs/openapi.json
     * ({@link DescribedAnswers}): every property the description lists as required was there, null only where allowed.
     */
    @Test
    void everyKindOfAnswerIsAsTheDescriptionSays() {
        Api api = server.service;
        String m = "/v1/meetings/described";
        assertThat(api.post("/v1/meetings", "{\"meetingId\": \"described\"}").status()).isEqualTo(201);
        assertThat(api.post("/v1/meetings", "{\"meetingId\": \"described\"}").status()).isEqualTo(200);
        String host = server.add("described", "host", "webinar_host");
        String addQuiet = "{\"userId\": \"quiet\", \"preset\": \"webinar_viewer\"}";
        Api.Answer nameless = api.as(host).post(m + "/participants", addQuiet);
        assertThat(nameless.body().has("token")).isTrue();
        Api.Answer again = api.as(host).post(m + "/participants", addQuiet);
        assertThat(again.body().has("token")).as("not for someone already in the meeting").isFalse();
        String quiet = nameless.body().path("token").asText();
        api.post(m + "/participants", "{\"userId\": \"gone\", \"preset\": \"webinar_viewer\"}");
        assertThat(api.post(m + "/participants/batch", "{\"participants\": [{\"userId\": \"bo\", \"preset\": "
                + "\"webinar_viewer\"}, {\"userId\": \"cy\", \"name\": \"Cy\", \"preset\": \"webinar_viewer\"}], "
                + "\"tokens\": true}").body().path("tokens")).hasSize(2);
        assertThat(api.post(m + "/participants/batch", "{\"participants\": [{\"userId\": \"dee\", \"preset\": "
                + "\"webinar_viewer\"}]}").body().has("tokens")).isFalse();
        api.post(m + "/participants/bo/token", null);
        assertThat(api.put("/v1/presets/described_moderator", "{\"stageEnabled\": true, \"stageAccess\": "
                + "\"CAN_REQUEST\", \"acceptStageRequests\": true, \"canChangeParticipantPermissions\": false}").status())
                .isEqualTo(201);
        api.post(m + "/participants/bo/stage/request", null);
        api.post(m + "/participants/cy/stage/request", null);
        api.post(m + "/participants/dee/stage/request", null);
        api.as(host).post(m + "/stage/grant", "{\"userIds\": [\"bo\", \"host\"]}");
        api.post(m + "/participants/bo/stage/join", null);
        api.as(host).post(m + "/stage/kick", "{\"userIds\": [\"bo\"]}");
        api.as(host).post(m + "/stage/deny", "{\"userIds\": [\"dee\"]}");
        JsonNode admitted = api.patch(m, "{\"autoAccept\": true, \"maxOnStage\": 3}").body();
        assertThat(admitted.path("outcomes").toString()).contains("\"userId\":\"cy\"");
        assertThat(api.delete(m + "/participants/gone").body().path("outcomes").get(0).has("to")).isFalse();
        long version = api.patch(m + "/participants/quiet/permissions", "{\"stageAccess\": \"NOT_ALLOWED\"}").version();

        JsonNode overview = api.get(m + "/stage?minVersion=" + version).body();
        api.as(quiet).get(m + "/stage");
        api.get(m + "/stage/as-of?version=1");
        api.get(m + "/stage/requests?limit=1");
        api.get(m + "/stage/history?limit=3");
        assertThat(api.get("/v1/events?meetingId=described&limit=5").body().path("events")).isNotEmpty();
        assertThat(api.get(m + "/participants/quiet").body().path("name").isNull()).isTrue();
        api.get(m + "/participants?limit=2");
        api.get("/v1/event-types");
        api.get("/.well-known/jwks.json");
        long ended = api.post(m + "/end", null).version();
        assertThat(api.get(m + "/stage?minVersion=" + ended).body().has("endedAt")).isTrue();

        Api.Answer webhook = api.post("/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/described\"}");
        assertThat(webhook.body().has("secret")).isTrue();
        String hook = "/v1/webhooks/" + webhook.body().path("id").asText();
        long delivery = api.post(hook + "/test", null).body().path("id").asLong();
        api.get(hook + "/deliveries");
        api.get(hook + "/deliveries/" + delivery);
        api.get(hook);
        api.get("/v1/webhooks");
        api.post(hook + "/rotate-secret", null);
        api.patch(hook, "{\"enabled\": false}");
        api.post(hook + "/replay", "{}");
        api.delete(hook);

        api.get("/v1/admin/projections");
        api.get("/v1/admin/projections/stage-read-model/dead-letters");
        api.get("/v1/admin/projections/stage-read-model/replay");
        api.get("/v1/admin/projections/stage-read-model/rebuild");
        api.get("/v1/admin/reconciliation");

        assertProblem(api.get("/v1/meetings/nowhere/stage"), 2007);
        assertProblem(api.post("/v1/meetings", "{\"meetingID\": \"x\"}"), 2011);
        assertProblem(api.as(null).get(m + "/stage"), 2012);
        assertProblem(api.post(m + "/participants/bo/stage/join", null), 2008);
        assertProblem(api.get("/v1/no-such-thing"), 2011);

        // and the check is not vacuous: an answer missing a required property, null where it may not be, or with a
        // property its schema does not list (the schema of another type of the same name, say) fails it
        ObjectNode broken = overview.deepCopy();
        ((ObjectNode) broken.path("counts")).put("unknown", 1);
        broken.remove("onStage");
        broken.putNull("version");
        assertThat(DescribedAnswers.violations("GET", m + "/stage", 200, "application/json", broken))
                .containsExactlyInAnyOrder("answer.onStage is missing", "answer.version is null, not integer",
                        "answer.counts.unknown is not described");
    }

    private static void assertProblem(Api.Answer answer, int code) {
        assertThat(answer.code()).as("%s", answer.body()).isEqualTo(code);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        if (code == 2015) {
            assertThat(answer.header("Retry-After")).isNotNull();
        }
        List.of(answer.status()).forEach(status -> assertThat(status).isBetween(400, 503));
    }
}
