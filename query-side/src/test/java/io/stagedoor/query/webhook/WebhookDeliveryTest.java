package io.stagedoor.query.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagedoor.kernel.event.EngineReasons;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.query.feed.MeetingEvents;
import io.stagedoor.query.projection.StoredEvents;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import io.stagedoor.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end: endpoints registered over HTTP, events stored as the command side stores them, and receivers on
 * loopback that verify every request with the official Standard Webhooks library. Retries are compressed (1 s to 15 s
 * instead of 5 s to 10 h) so a test can outlast an outage.
 */
class WebhookDeliveryTest {

    private static final String KEY = "webhook-test-key-0123456789";
    private static ConfigurableApplicationContext context;
    private static Api api;
    private static StoredEvents events;

    @BeforeAll
    static void start() {
        context = TestApplication.start(QuerySideApplication.class, WebApplicationType.SERVLET, TestDatabase.fresh(),
                "server.port=0", TestApplication.unusedTokenVerificationKey(), "stagedoor.api-keys=hooks:" + KEY,
                "stagedoor.webhooks.allow-loopback=true",
                "stagedoor.webhooks.retry-schedule=1s,2s,4s,8s,15s,15s,15s,15s", "stagedoor.webhooks.request-timeout=2s");
        api = new Api(((WebServerApplicationContext) context).getWebServer().getPort(), KEY);
        events = new StoredEvents(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    /** The patch is read from the JSON tree; its schema lists exactly the fields it accepts. */
    @Test
    void theDescribedPatchIsThePatchAccepted() {
        JsonNode description = api.get("/v3/api-docs").body();
        JsonNode body = description.path("paths").path("/v1/webhooks/{id}").path("patch").path("requestBody")
                                   .path("content").path("application/json").path("schema");
        assertThat(body.path("$ref").asText()).isEqualTo("#/components/schemas/WebhookPatch");
        JsonNode patch = description.path("components").path("schemas").path("WebhookPatch");
        assertThat(patch.path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(WebhooksController.PATCHABLE);
        assertThat(patch.path("additionalProperties").asBoolean(true)).as("unknown fields are refused").isFalse();
    }

    @Test
    void everyEventReachesTheEndpointSignedInOrderPerMeetingWithItsPositionAsId() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = create("{\"url\": \"" + receiver.url() + "\", \"description\": \"all\"}");
            assertThat(endpoint.path("secret").asText()).startsWith("whsec_");
            assertThat(endpoint.path("enabled").asBoolean()).isTrue();
            receiver.trust(endpoint.path("secret").asText());
            for (int m = 0; m < 3; m++) {
                events.append(MeetingEvents.of("order-" + m, 30).toArray(StageEvent[]::new));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveredOf("order-").size() >= 90);
            List<WebhookReceiver.Received> got = receiver.deliveredOf("order-");
            assertThat(receiver.rejected()).isEmpty();
            assertThat(got).hasSize(90).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();
            Map<String, List<Long>> versions = new HashMap<>();
            for (WebhookReceiver.Received r : got) {
                JsonNode data = r.payload().path("data");
                versions.computeIfAbsent(data.path("meetingId").asText(), k -> new ArrayList<>()).add(data.path("version").asLong());
            }
            assertThat(versions).hasSize(3).allSatisfy((meeting, v) -> assertThat(v).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, 30).boxed().toList()));
            JsonNode feed = api.get("/v1/events?meetingId=order-1&limit=1").body().path("events").get(0);
            WebhookReceiver.Received first = got.stream().filter(r -> r.payload().path("data").path("meetingId").asText()
                                                                 .equals("order-1")).findFirst().orElseThrow();
            assertThat(first.id()).isEqualTo("evt_" + feed.path("position").asLong());
            assertThat(first.payload().path("type").asText()).isEqualTo("meeting.created");
            assertThat(first.payload().path("timestamp").asText()).isEqualTo("2026-11-23T10:00:00Z");
            assertThat(first.payload().path("data").path("actor").asText()).isEqualTo("service:it");

            String secret = endpoint.path("secret").asText();
            WebhookReceiver.verify(secret, first.id(), first.timestamp(), first.signature(), first.body());
            assertThatThrownBy(() -> WebhookReceiver.verify(secret, first.id(), first.timestamp(), first.signature(),
                    first.body().replace("order-1", "order-9"))).as("a tampered body").isNotNull();
            assertThatThrownBy(() -> WebhookReceiver.verify(secret, first.id(), first.timestamp(), first.signature(),
                    first.body().replace("service:it", "service:forged"))).isNotNull();
            delete(endpoint);
        }
    }

    @Test
    void aFailingDeliveryIsRetriedWithTheSameIdAndHoldsBackTheMeetingsLaterEvents() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AtomicInteger refusals = new AtomicInteger();
            JsonNode endpoint = create("{\"url\": \"" + receiver.url() + "\", \"meetingId\": \"retry-1\"}");
            receiver.trust(endpoint.path("secret").asText()).answer(r ->
                    r.payload().path("data").path("version").asLong() == 2 && refusals.incrementAndGet() <= 3 ? 503 : 204);
            events.append(MeetingEvents.of("retry-1", 6).toArray(StageEvent[]::new));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() >= 6);
            assertThat(receiver.delivered()).extracting(r -> r.payload().path("data").path("version").asLong())
                                            .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            List<String> attemptsOfTwo = receiver.verified().stream()
                    .filter(r -> r.payload().path("data").path("version").asLong() == 2).map(WebhookReceiver.Received::id).toList();
            assertThat(attemptsOfTwo).hasSize(4).containsOnly(attemptsOfTwo.get(0));
            JsonNode deliveries = api.get("/v1/webhooks/" + id(endpoint) + "/deliveries?status=delivered").body();
            JsonNode two = java.util.stream.StreamSupport.stream(deliveries.path("deliveries").spliterator(), false)
                    .filter(d -> d.path("version").asLong() == 2).findFirst().orElseThrow();
            assertThat(two.path("attempts").asInt()).isEqualTo(4);
            assertThat(two.path("lastStatus").asInt()).isEqualTo(204);
            delete(endpoint);
        }
    }

    @Test
    void aReceiverDownForSixtySecondsGetsEverythingInOrderOnceBack() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            long backAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonNode endpoint = create("{\"url\": \"" + receiver.url() + "\", \"eventTypes\": [\"meeting.created\", "
                    + "\"participant.added\", \"stage.access_requested\", \"stage.access_granted\", \"stage.joined\", "
                    + "\"stage.left\"]}");
            receiver.trust(endpoint.path("secret").asText()).answer(r -> System.nanoTime() < backAt ? 503 : 200);
            for (int m = 0; m < 5; m++) {
                events.append(MeetingEvents.of("down-" + m, 40).toArray(StageEvent[]::new));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> receiver.deliveredOf("down-").size() >= 200);
            Map<String, List<Long>> versions = new ConcurrentHashMap<>();
            receiver.deliveredOf("down-").forEach(r -> versions.computeIfAbsent(r.payload().path("data")
                    .path("meetingId").asText(), k -> new ArrayList<>()).add(r.payload().path("data").path("version").asLong()));
            assertThat(versions).hasSize(5).allSatisfy((meeting, v) -> assertThat(v).hasSize(40).isSorted()
                                                                                   .doesNotHaveDuplicates());
            assertThat(receiver.verified().stream().filter(r -> r.atNanos() < backAt)).isNotEmpty();
            delete(endpoint);
        }
    }

    @Test
    void gone410DisablesTheEndpointAndSaysWhy() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = create("{\"url\": \"" + receiver.url() + "\", \"meetingId\": \"gone-1\"}");
            receiver.trust(endpoint.path("secret").asText()).answer(r -> 410);
            events.append(MeetingEvents.of("gone-1", 3).toArray(StageEvent[]::new));
            await().atMost(Duration.ofSeconds(20)).until(() -> !api.get("/v1/webhooks/" + id(endpoint)).body()
                                                                   .path("enabled").asBoolean());
            JsonNode disabled = api.get("/v1/webhooks/" + id(endpoint)).body();
            assertThat(disabled.path("disabledReason").asText()).contains("410");
            assertThat(receiver.verified()).hasSize(1);
            receiver.answer(r -> 204);
            assertThat(api.patch("/v1/webhooks/" + id(endpoint), "{\"enabled\": true}").body().path("enabled").asBoolean())
                    .isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.delivered().size() == 3);
            delete(endpoint);
        }
    }

    @Test
    void afterRotationEveryMessageVerifiesWithTheOldAndTheNewSecret() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = create("{\"url\": \"" + receiver.url() + "\", \"meetingId\": \"rotate-1\"}");
            String old = endpoint.path("secret").asText();
            JsonNode rotated = api.post("/v1/webhooks/" + id(endpoint) + "/rotate-secret", null).body();
            String fresh = rotated.path("secret").asText();
            assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
            assertThat(api.get("/v1/webhooks/" + id(endpoint)).body().has("secret")).isFalse();
            receiver.trust(old, fresh);
            events.append(MeetingEvents.of("rotate-1", 4).toArray(StageEvent[]::new));
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.delivered().size() == 4);
            assertThat(receiver.rejected()).isEmpty();
            assertThat(receiver.delivered()).allSatisfy(r -> assertThat(r.signature().split(" ")).hasSize(2));
            delete(endpoint);
        }
    }

    @Test
    void aSlowEndpointDoesNotDelayAFastOne() throws Exception {
        try (WebhookReceiver slow = new WebhookReceiver(); WebhookReceiver fast = new WebhookReceiver()) {
            JsonNode slowEndpoint = create("{\"url\": \"" + slow.url() + "\"}");
            JsonNode fastEndpoint = create("{\"url\": \"" + fast.url() + "\"}");
            long slowAnswerMillis = 5000;
            slow.trust(slowEndpoint.path("secret").asText()).answer(r -> {
                Api.backOff(slowAnswerMillis);
                return 204;
            });
            fast.trust(fastEndpoint.path("secret").asText());
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long appended = System.nanoTime();
                int before = fast.deliveredOf("speed-").size();
                events.append(MeetingEvents.of("speed-" + i, 2).toArray(StageEvent[]::new));
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                       .until(() -> fast.deliveredOf("speed-").size() >= before + 2);
                latencies.add((fast.deliveredOf("speed-").get(before + 1).atNanos() - appended) / 1_000_000);
            }
            latencies.sort(Long::compare);
            assertThat(slow.deliveredOf("speed-").size()).as("the slow one is still working through them")
                                                          .isLessThan(40);
            // waiting behind the slow endpoint would take a whole slow answer; half of one leaves room for a loaded machine
            assertThat(latencies.get(latencies.size() - 1)).as("slowest of the fast endpoint's, ms")
                                                           .isLessThan(slowAnswerMillis / 2);
            delete(slowEndpoint);
            delete(fastEndpoint);
        }
    }

    @Test
    void testRedeliveryAndReplaySendTheSameMessagesAgain() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = create("{\"url\": \"" + receiver.url() + "\", \"meetingId\": \"again-1\"}");
            receiver.trust(endpoint.path("secret").asText());
            Api.Answer test = api.post("/v1/webhooks/" + id(endpoint) + "/test", null);
            assertThat(test.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered().size() == 1);
            assertThat(receiver.delivered().get(0).payload().path("type").asText()).isEqualTo("webhook.test");

            events.append(MeetingEvents.of("again-1", 5).toArray(StageEvent[]::new));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered().size() == 6);
            List<String> ids = receiver.delivered().subList(1, 6).stream().map(WebhookReceiver.Received::id).toList();
            Api.Answer replay = api.post("/v1/webhooks/" + id(endpoint) + "/replay",
                    "{\"meetingId\": \"again-1\", \"fromVersion\": 2}");
            assertThat(replay.status()).isEqualTo(202);
            assertThat(replay.body().path("queued").asInt()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered().size() == 9);
            assertThat(receiver.delivered().subList(6, 9)).extracting(WebhookReceiver.Received::id)
                                                          .containsExactlyElementsOf(ids.subList(2, 5));
            long deliveryId = api.get("/v1/webhooks/" + id(endpoint) + "/deliveries?limit=1").body().path("deliveries")
                                 .get(0).path("id").asLong();
            Api.Answer redelivered = api.post("/v1/webhooks/" + id(endpoint) + "/deliveries/" + deliveryId + "/redeliver", null);
            assertThat(redelivered.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered().size() == 10);
            assertThat(receiver.delivered().get(9).id()).isEqualTo(ids.get(4));
            delete(endpoint);
        }
    }

    @Test
    void anEngineDecisionArrivesWithItsReasonAndTheAcceptancesExpiry() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = create("{\"url\": \"" + receiver.url() + "\", \"meetingId\": \"engine-1\", "
                    + "\"eventTypes\": [\"stage.access_granted\"]}");
            receiver.trust(endpoint.path("secret").asText());
            MeetingId m = MeetingId.of("engine-1");
            UserId ada = UserId.of("ada");
            Instant at = MeetingEvents.T.plusSeconds(5);
            Preset viewer = BuiltInPresets.WEBINAR_VIEWER;
            events.append(new MeetingCreated(m, new MeetingSettings(null, 1, null, true, 20, null, null),
                            Actor.service("it"), MeetingEvents.T),
                    new ParticipantAdded(m, ada, "Ada", viewer.name(), viewer.permissions(), StageStatus.OFF_STAGE,
                            Actor.service("it"), MeetingEvents.T),
                    new StageAccessRequested(m, ada, Actor.participant(ada), at, null),
                    new StageAccessGranted(m, ada, StageStatus.REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, at,
                            at.plusSeconds(20), EngineReasons.AUTO_ACCEPT));
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.delivered().size() == 1);
            JsonNode message = receiver.delivered().get(0).payload();
            assertThat(message.path("type").asText()).isEqualTo("stage.access_granted");
            assertThat(message.path("data").path("actor").asText()).isEqualTo("service:stagedoor");
            assertThat(message.path("data").path("reason").asText()).isEqualTo("auto-accept");
            assertThat(message.path("data").path("expiresAt").asText()).isEqualTo(at.plusSeconds(20).toString());
            delete(endpoint);
        }
    }

    @Test
    void refusalsAreProblemsWithTheirCodes() {
        assertThat(api.post("/v1/webhooks", "{\"url\": \"ftp://example.com/x\"}").code()).isEqualTo(2011);
        assertThat(api.post("/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/x\", \"eventTypes\": [\"stage.flew\"]}")
                      .body().path("detail").asText()).contains("stage.flew");
        assertThat(api.post("/v1/webhooks", "{\"url\": \"http://169.254.169.254/latest\"}").body().path("detail")
                      .asText()).contains("metadata");
        assertThat(api.post("/v1/webhooks", "{\"url\": \"http://10.1.2.3/x\"}").code()).isEqualTo(2011);
        assertThat(api.post("/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/x\", \"secret\": \"mine\"}").code())
                .isEqualTo(2011);
        Api.Answer unknown = api.get("/v1/webhooks/3f0c8e9a-5d4b-4c1e-9a57-0e2b7f7c1d11");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo(2017);
        assertThat(api.get("/v1/webhooks/not-an-id/deliveries").code()).isEqualTo(2017);
        assertThat(api.as(null).get("/v1/webhooks").code()).isEqualTo(2012);
    }

    private static JsonNode create(String body) {
        Api.Answer created = api.post("/v1/webhooks", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/v1/webhooks/" + created.body().path("id").asText());
        return created.body();
    }

    private static String id(JsonNode endpoint) {
        return endpoint.path("id").asText();
    }

    private static void delete(JsonNode endpoint) {
        assertThat(api.delete("/v1/webhooks/" + id(endpoint)).status()).isEqualTo(204);
    }
}
