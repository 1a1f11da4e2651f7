package io.stagedoor.query.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.event.StageJoined;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.query.projection.StoredEvents;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.SseClient;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The change feed over HTTP: 10,000 events of 50 meetings paged in commit order, filtered, streamed live and resumed
 * with Last-Event-ID, exported as CSV and NDJSON; and an event whose transaction commits late is not skipped.
 */
class FeedTest {

    private static final String KEY = "feed-test-key-0123456789";
    private static final int MEETINGS = 50;
    private static final int EVENTS_PER_MEETING = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How long the late transaction may stay open: below the idle-in-transaction limit this test sets (which, with the
     * statement timeout, must keep 3 × (statement + idle) under the 60 s gap timeout).
     */
    private static final Duration HOLD = Duration.ofSeconds(13);

    private static ConfigurableApplicationContext context;
    private static int port;
    private static Api api;
    private static StoredEvents events;

    @BeforeAll
    static void start() {
        context = TestApplication.start(QuerySideApplication.class, WebApplicationType.SERVLET, TestDatabase.fresh(),
                "server.port=0", TestApplication.unusedTokenVerificationKey(), "stagedoor.api-keys=feed:" + KEY,
                "stagedoor.database.statement-timeout=5s", "stagedoor.database.idle-in-transaction-timeout=14s");
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
        api = new Api(port, KEY);
        events = new StoredEvents(context);
        for (int m = 0; m < MEETINGS; m++) {
            events.append(MeetingEvents.of("feed-" + m, EVENTS_PER_MEETING).toArray(StageEvent[]::new));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> headPosition() >= MEETINGS * EVENTS_PER_MEETING);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void pagesCarryEveryEventOnceInCommitOrderWithEachMeetingsVersionsInOrder() {
        List<JsonNode> all = readAll(0, "");
        assertThat(all).hasSizeGreaterThanOrEqualTo(MEETINGS * EVENTS_PER_MEETING);
        List<JsonNode> first = all.subList(0, MEETINGS * EVENTS_PER_MEETING);
        assertThat(first).extracting(e -> e.path("position").asLong()).isSorted().doesNotHaveDuplicates();
        Map<String, List<Long>> versions = new HashMap<>();
        first.forEach(e -> versions.computeIfAbsent(e.path("meetingId").asText(), m -> new ArrayList<>())
                                   .add(e.path("version").asLong()));
        assertThat(versions).hasSize(MEETINGS);
        versions.values().forEach(v -> assertThat(v).hasSize(EVENTS_PER_MEETING).isSorted().doesNotHaveDuplicates());
        JsonNode joined = first.stream().filter(e -> e.path("type").asText().equals("stage.joined")).findFirst()
                               .orElseThrow();
        assertThat(joined.path("from").asText()).isEqualTo("ACCEPTED_TO_JOIN_STAGE");
        assertThat(joined.path("to").asText()).isEqualTo("ON_STAGE");
        assertThat(joined.path("actor").asText()).isEqualTo(joined.path("userId").asText());
        JsonNode created = first.get(0);
        assertThat(created.path("type").asText()).isEqualTo("meeting.created");
        assertThat(created.has("userId")).isFalse();
        assertThat(created.path("occurredAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
    }

    @Test
    void filtersByMeetingAndTypeAndAnEmptyPageKeepsItsPlace() {
        List<JsonNode> joins = readAll(0, "&meetingId=feed-7&types=stage.joined,stage.left");
        assertThat(joins).isNotEmpty().allSatisfy(e -> {
            assertThat(e.path("meetingId").asText()).isEqualTo("feed-7");
            assertThat(e.path("type").asText()).isIn("stage.joined", "stage.left");
        });
        long head = headPosition();
        JsonNode none = page(0, 10, "&types=meeting.ended");
        assertThat(none.path("events").size()).isZero();
        assertThat(none.path("next").asLong()).as("nothing matches up to the head").isGreaterThanOrEqualTo(head);
    }

    @Test
    void refusesUnknownTypesBadLimitsAndMissingCredentials() {
        Api.Answer unknown = api.get("/v1/events?types=stage.teleported");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo(2011);
        assertThat(unknown.body().path("detail").asText()).contains("stage.teleported");
        assertThat(api.get("/v1/events?limit=1001").code()).isEqualTo(2011);
        assertThat(api.get("/v1/events?after=-1").code()).isEqualTo(2011);
        assertThat(api.as(null).get("/v1/events").code()).isEqualTo(2012);
        assertThat(api.get("/v1/event-types").body().size()).isEqualTo(EventTypes.all().size());
    }

    @Test
    void aStreamResumedWithLastEventIdContinuesWithNoGapAndNoDuplicate() throws Exception {
        List<JsonNode> stored = readAll(0, "&meetingId=feed-3");
        long resumeAt = stored.get(99).path("position").asLong();
        List<SseClient.Event> received = new ArrayList<>();
        try (SseClient stream = SseClient.connect(port, "/v1/events?meetingId=feed-3", KEY,
                String.valueOf(resumeAt))) {
            assertThat(stream.status()).isEqualTo(200);
            received.addAll(stream.take(stored.size() - 100, Duration.ofSeconds(10)));
            events.append(MeetingEvents.of("feed-live", 3).toArray(StageEvent[]::new));
            events.append(new StageJoined(MeetingId.of("feed-3"), UserId.of("v0"), Actor.participant(UserId.of("v0")),
                    MeetingEvents.T));
            received.addAll(stream.take(1, Duration.ofSeconds(10)));
        }
        assertThat(received).hasSize(stored.size() - 99);
        assertThat(received.subList(0, stored.size() - 100)).extracting(SseClient.Event::id)
                .containsExactlyElementsOf(stored.subList(100, stored.size()).stream()
                                                 .map(e -> e.path("position").asText()).toList());
        SseClient.Event live = received.get(received.size() - 1);
        assertThat(live.name()).isEqualTo("stage.joined");
        assertThat(JSON.readTree(live.data()).path("version").asLong()).isEqualTo(EVENTS_PER_MEETING);
    }

    @Test
    void exportsParseBackToTheSameRowsAsTheJsonFeed() throws IOException {
        List<JsonNode> json = readAll(0, "&meetingId=feed-11");
        Api.Answer ndjson = api.get("/v1/events?meetingId=feed-11", "Accept", "application/x-ndjson");
        assertThat(ndjson.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.raw().body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).isEqualTo(json);

        Api.Answer csv = api.get("/v1/events?meetingId=feed-11", "Accept", "text/csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        List<Map<String, String>> rows = Csv.parse(csv.raw().body());
        assertThat(rows).hasSameSizeAs(json);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode expected = json.get(i);
            Map<String, String> row = rows.get(i);
            for (String column : FeedEvent.HEADER) {
                assertThat(row.get(column)).as("row %d, %s", i, column)
                                           .isEqualTo(expected.has(column) ? expected.get(column).asText() : "");
            }
        }
    }

    @Test
    void historyExportsParseBackToTheSameEntriesAsTheJsonHistory() throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/v1/meetings/feed-20/stage").version() >= EVENTS_PER_MEETING - 1);
        List<JsonNode> entries = new ArrayList<>();
        String after = "-1";
        while (after != null && !after.equals("null")) {
            JsonNode page = api.get("/v1/meetings/feed-20/stage/history?limit=1000&after=" + after).body();
            page.path("entries").forEach(entries::add);
            after = page.path("next").isNull() ? null : page.path("next").asText();
        }
        Api.Answer ndjson = api.get("/v1/meetings/feed-20/stage/history", "Accept", "application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.raw().body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).isEqualTo(entries);
        List<Map<String, String>> rows = Csv.parse(api.get("/v1/meetings/feed-20/stage/history", "Accept", "text/csv")
                                                       .raw().body());
        assertThat(rows).extracting(r -> r.get("version"))
                        .containsExactlyElementsOf(entries.stream().map(e -> e.path("version").asText()).toList());
        assertThat(api.get("/v1/meetings/nowhere/stage/history", "Accept", "text/csv").code()).isEqualTo(2007);
    }

    @Test
    void theApiDescriptionHoldsTheEventCatalogue() {
        JsonNode schemas = api.get("/v3/api-docs").body().path("components").path("schemas");
        assertThat(schemas.path("ParticipantEventData").path("required")).extracting(JsonNode::asText)
                .contains("meetingId", "version", "occurredAt", "actor", "userId");
        assertThat(schemas.path("ParticipantEventData").path("properties").path("to").path("enum"))
                .extracting(JsonNode::asText).containsExactly("OFF_STAGE", "REQUESTED_TO_JOIN_STAGE",
                        "ACCEPTED_TO_JOIN_STAGE", "ON_STAGE", "null");
        assertThat(schemas.path("MeetingEventData").path("properties").has("userId")).isFalse();
        assertThat(types(schemas.path("ParticipantEventData"))).containsExactly("object");
        assertThat(types(schemas.path("ParticipantEventData").path("properties").path("version"))).containsExactly("integer");
        JsonNode from = schemas.path("ParticipantEventData").path("properties").path("from");
        assertThat(types(from)).as("a string or null: %s", from).contains("string", "null");
        assertThat(schemas.path("WebhookMessage").path("properties").path("type").path("enum"))
                .extracting(JsonNode::asText).contains("stage.joined", "meeting.created", "webhook.test").hasSize(16);
    }

    /**
     * An event appended in a transaction that commits after later events were committed and read (more
     * of them than Axon's default gap offset): the feed gives it a position after theirs, so a reader that already
     * passed them still finds it.
     */
    @Test
    void anEventCommittedLateIsNotSkipped() throws Exception {
        EventStore store = context.getBean(EventStore.class);
        TransactionManager transactions = context.getBean(TransactionManager.class);
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> transactions.executeInTransaction(() -> {
            store.publish(new GenericDomainEventMessage<>(StageEvent.AGGREGATE_TYPE, "feed-late", 0L,
                    MeetingEvents.of("feed-late", 1).get(0)));
            appended.countDown();
            holdUntil(commit);
        }));
        assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
        // more later events than Axon's default gap offset (10,000), past which a token forgets a gap whatever its age
        int meetingsAfter = 60;
        for (int m = 0; m < meetingsAfter; m++) {
            events.append(MeetingEvents.of("feed-after-late-" + m, EVENTS_PER_MEETING).toArray(StageEvent[]::new));
        }
        await().atMost(HOLD.minusSeconds(1)).until(() -> readAll(0, "&meetingId=feed-after-late-" + (meetingsAfter - 1))
                .size() == EVENTS_PER_MEETING);
        long passed = headPosition();
        assertThat(meetingsAfter * EVENTS_PER_MEETING).isGreaterThan(10_000);
        assertThat(readAll(0, "&meetingId=feed-late")).isEmpty();
        commit.countDown();
        late.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> !readAll(passed, "&meetingId=feed-late").isEmpty());
        assertThat(readAll(passed, "&meetingId=feed-late").get(0).path("position").asLong()).isGreaterThan(passed);
    }

    /** A schema's types, as OpenAPI 3.1 writes them (a list, with "null") or 3.0 does (one type, "nullable"). */
    private static List<String> types(JsonNode schema) {
        List<String> types = new ArrayList<>();
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        if (schema.path("nullable").asBoolean()) {
            types.add("null");
        }
        return types;
    }

    private static void holdUntil(CountDownLatch latch) {
        try {
            latch.await(HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<JsonNode> readAll(long after, String filter) {
        List<JsonNode> all = new ArrayList<>();
        long position = after;
        while (true) {
            JsonNode page = page(position, 1000, filter);
            page.path("events").forEach(all::add);
            if (page.path("events").size() < 1000) {
                return all;
            }
            position = page.path("next").asLong();
        }
    }

    private static JsonNode page(long after, int limit, String filter) {
        Api.Answer answer = api.get("/v1/events?after=" + after + "&limit=" + limit + filter);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    private static long headPosition() {
        return context.getBean(Feed.class).head();
    }
}
