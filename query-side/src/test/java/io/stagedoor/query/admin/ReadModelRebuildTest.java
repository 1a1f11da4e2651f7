package io.stagedoor.query.admin;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.query.api.ValidMeeting;
import io.stagedoor.query.projection.ReadModelRebuild;
import io.stagedoor.query.projection.ReadModelVersions;
import io.stagedoor.query.projection.StageReadModelProjector;
import io.stagedoor.query.projection.StoredEvents;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The bulk rebuild of the read models on a real PostgreSQL: it gives exactly the rows a replay gives, keeps the
 * service answering, and loses or doubles none of the events appended while it runs — not even one whose
 * transaction was open when the read began and committed after the swap.
 */
class ReadModelRebuildTest {

    private static final String KEY = "rebuild-test-key-0123456789";
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final ValidMeeting.Action[] ACTIONS_BUT_END = Arrays.stream(ValidMeeting.Action.values())
                                                                       .filter(a -> a != ValidMeeting.Action.END)
                                                                       .toArray(ValidMeeting.Action[]::new);

    private static TestDatabase.Credentials database;
    private static ConfigurableApplicationContext node;
    private static JdbcTemplate jdbc;
    private static ProjectionOperations operations;
    private static StoredEvents events;
    private static Api api;
    private static final Map<String, ValidMeeting> meetings = new HashMap<>();
    private static final Random random = new Random(20261130);

    @BeforeAll
    static void start() {
        database = TestDatabase.fresh();
        node = TestApplication.start(QuerySideApplication.class, WebApplicationType.SERVLET, database, "server.port=0",
                TestApplication.unusedTokenVerificationKey(), "stagedoor.api-keys=admin:" + KEY, "stagedoor.query.min-version-wait=2m");
        jdbc = node.getBean(JdbcTemplate.class);
        operations = node.getBean(ProjectionOperations.class);
        events = new StoredEvents(node);
        api = new Api(((WebServerApplicationContext) node).getWebServer().getPort(), KEY);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void rebuildGivesExactlyTheRowsAReplayGives() {
        for (int m = 0; m < 200; m++) {
            play("exact-" + m, 60);
        }
        awaitCaughtUp();
        List<String> schema = schema();

        ReadModelRebuild.Progress done = rebuild();

        assertThat(done.eventsRead()).isEqualTo(count("SELECT count(*) FROM domain_event_entry"));
        assertThat(done.meetingsWritten()).isEqualTo(count("SELECT count(*) FROM rm_meeting"));
        assertThat(schema()).as("tables, columns, indexes and constraints as the migrations made them")
                            .isEqualTo(schema);
        assertThat(api.post("/v1/admin/projections/nothing/rebuild", null).code()).isEqualTo(2011);
        List<Map<String, Object>> rebuilt = dump();

        replay();
        assertThat(dump()).isEqualTo(rebuilt);
    }

    @Test
    void waitersForAVersionThatOnlyTheRebuildBringsAreWokenOnEveryNode() throws Exception {
        play("awaited", 5);
        awaitCaughtUp();
        processor().shutDown();
        play("awaited", 20);
        MeetingId awaited = MeetingId.of("awaited");
        long version = meetings.get("awaited").version();
        ReadModelVersions otherNode = new ReadModelVersions(jdbc, node.getBean(DataSource.class), Duration.ofMinutes(2));
        otherNode.start();
        try {
            CompletableFuture<Void> here = CompletableFuture.runAsync(
                    () -> node.getBean(ReadModelVersions.class).awaitVersion(awaited, version));
            CompletableFuture<Void> there = CompletableFuture.runAsync(() -> otherNode.awaitVersion(awaited, version));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                   .until(() -> !here.isDone() && !there.isDone());

            rebuild();

            // the rebuild folded these events, so the projection, restarted after them, announces none of them
            await().atMost(Duration.ofSeconds(30)).until(() -> here.isDone() && there.isDone());
            assertThat(here).isCompleted();
            assertThat(there).isCompleted();
        } finally {
            otherNode.stop();
        }
    }

    @Test
    void eventsAppendedWhileItRunsAreProjectedOnceAndQueriesAreAnsweredThroughout() throws Exception {
        for (int m = 0; m < 100; m++) {
            play("during-" + m, 40);
        }
        ValidMeeting late = new ValidMeeting(MeetingId.of("late"));
        events.append(late.decide(ValidMeeting.Action.ADD, 0, 0, T0).toArray(StageEvent[]::new));
        play("watched", 10);
        awaitCaughtUp();
        long watchedVersion = meetings.get("watched").version();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger appendedWhileRunning = new AtomicInteger();
        AtomicInteger answeredWhileRunning = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrongAnswers = new ConcurrentLinkedQueue<>();
        Thread writer = new Thread(() -> {
            Random ownRandom = new Random(7);
            while (!stop.get()) {
                boolean runningBefore = rebuildRunning();
                play("busy-" + ownRandom.nextInt(5), 1);
                if (runningBefore && rebuildRunning()) {
                    appendedWhileRunning.incrementAndGet();
                }
                Api.backOff(2);
            }
        });
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                boolean runningBefore = rebuildRunning();
                Api.Answer answer = api.get("/v1/meetings/watched/stage");
                if (answer.status() != 200 || answer.version() != watchedVersion) {
                    wrongAnswers.add(answer.status() + " " + answer.body());
                } else {
                    answered.incrementAndGet();
                    if (runningBefore && rebuildRunning()) {
                        answeredWhileRunning.incrementAndGet();
                    }
                }
                Api.backOff(2);
            }
        });
        long heldIndex;
        ReadModelRebuild.Progress done;
        try (Connection held = database.connect()) {
            held.setAutoCommit(false);
            // appended before the read begins, committed after the swap: the snapshot cannot see it
            heldIndex = appendRaw(held, "late", 1, new ParticipantAdded(MeetingId.of("late"), UserId.of("latecomer"),
                    "Latecomer", BuiltInPresets.WEBINAR_VIEWER.name(), BuiltInPresets.WEBINAR_VIEWER.permissions(),
                    BuiltInPresets.WEBINAR_VIEWER.permissions().restingStatus(), Actor.service("it"), T0.plusSeconds(1)));
            writer.start();
            reader.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> appendedAfter(heldIndex) > 0 && answered.get() > 0);

            done = rebuild();

            assertThat(done.position()).isGreaterThan(heldIndex);
            assertThat(count("SELECT version FROM rm_meeting WHERE meeting_id = 'late'")).isZero();
            held.commit();
        }
        long position = done.position();
        await().atMost(Duration.ofSeconds(30)).until(() -> appendedAfter(position) > 10);
        stop.set(true);
        writer.join();
        reader.join();

        awaitCaughtUp();
        assertThat(count("SELECT version FROM rm_meeting WHERE meeting_id = 'late'")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT status FROM rm_participant WHERE meeting_id = 'late' "
                + "AND user_id = 'latecomer'", String.class)).isEqualTo("OFF_STAGE");
        assertThat(wrongAnswers).isEmpty();
        assertThat(appendedWhileRunning.get()).as("events appended while the rebuild ran").isPositive();
        assertThat(answeredWhileRunning.get()).as("queries answered while the rebuild ran").isPositive();
        assertThat(operations.projection(StageReadModelProjector.NAME).deadLetters()).isZero();
        List<Map<String, Object>> projected = dump();
        assertThat(count("SELECT count(*) FROM rm_history")).isEqualTo(count("SELECT count(*) FROM domain_event_entry"));

        replay();
        assertThat(dump()).isEqualTo(projected);
    }

    @Test
    void refusedWhileAnotherNodeHoldsSegments() throws SQLException {
        StreamingEventProcessor processor = processor();
        processor.shutDown();
        try {
            claimAsAnotherNode("");

            assertThatThrownBy(() -> operations.rebuild(StageReadModelProjector.NAME))
                    .isInstanceOfSatisfying(RequestRefused.class,
                            refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThat(freshTablesLeft()).isFalse();
        } finally {
            releaseClaimsOfAnotherNode();
            processor.start();
        }
    }

    @Test
    void failsAndKeepsTheReadModelsWhenAnotherNodeTookASegmentBeforeTheSwap() throws Exception {
        play("kept", 20);
        awaitCaughtUp();
        List<Map<String, Object>> before = dump();
        try (Connection otherNode = database.connect()) {
            otherNode.setAutoCommit(false);
            // holds segment 0's row, so the swap waits for this transaction, in which another node claims it
            otherNode.createStatement().execute("SELECT * FROM token_entry WHERE processorName = '"
                    + StageReadModelProjector.NAME + "' AND segment = 0 FOR UPDATE");
            operations.rebuild(StageReadModelProjector.NAME);
            await().atMost(Duration.ofSeconds(120)).until(() -> operations.rebuildProgress(StageReadModelProjector.NAME)
                                                                          .phase() == ReadModelRebuild.Phase.SWAPPING);
            claimAsAnotherNode(otherNode, " AND segment = 0");
            otherNode.commit();

            ReadModelRebuild.Progress failed = await().atMost(Duration.ofSeconds(60))
                    .until(() -> operations.rebuildProgress(StageReadModelProjector.NAME),
                            p -> p.phase() != ReadModelRebuild.Phase.SWAPPING);
            assertThat(failed.phase()).isEqualTo(ReadModelRebuild.Phase.FAILED);
            assertThat(failed.error()).contains("another node holds segments");
        } finally {
            releaseClaimsOfAnotherNode();
        }
        assertThat(freshTablesLeft()).isFalse();
        assertThat(dump()).isEqualTo(before);
        assertThat(processor().isRunning()).isTrue();
        play("kept", 5);
        awaitCaughtUp();
    }

    // ---- writing events --------------------------------------------------------------------------------------------

    /** Appends, in one transaction, the events of {@code commands} random commands to a meeting (created by the first). */
    private static void play(String meetingId, int commands) {
        ValidMeeting meeting;
        int[] picks = new int[commands * 4];
        synchronized (meetings) {
            meeting = meetings.computeIfAbsent(meetingId, id -> new ValidMeeting(MeetingId.of(id)));
            for (int i = 0; i < picks.length; i++) {
                picks[i] = random.nextInt(1000);
            }
        }
        List<StageEvent> decided = new ArrayList<>();
        for (int c = 0; c < commands; c++) {
            // ending is rare, so most meetings keep changing
            ValidMeeting.Action action = picks[4 * c] < 5 ? ValidMeeting.Action.END
                    : ACTIONS_BUT_END[picks[4 * c] % ACTIONS_BUT_END.length];
            decided.addAll(meeting.decide(action, picks[4 * c + 1], picks[4 * c + 2],
                    T0.plusSeconds(meeting.version() + 1 + picks[4 * c + 3] % 3)));
        }
        if (!decided.isEmpty()) {
            events.append(decided.toArray(StageEvent[]::new));
        }
    }

    /** Appends an event in {@code transaction} as Axon stores it, uncommitted; returns its global index. */
    private static long appendRaw(Connection transaction, String meetingId, long version, StageEvent event)
            throws SQLException {
        Serializer serializer = node.getBean(Configuration.class).eventSerializer();
        SerializedObject<byte[]> payload = serializer.serialize(event, byte[].class);
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO domain_event_entry (eventIdentifier, "
                + "aggregateIdentifier, sequenceNumber, type, timeStamp, payloadType, payloadRevision, payload, metaData) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING globalIndex")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, meetingId);
            insert.setLong(3, version);
            insert.setString(4, StageEvent.AGGREGATE_TYPE);
            insert.setString(5, Instant.now().toString());
            insert.setString(6, payload.getType().getName());
            insert.setString(7, payload.getType().getRevision());
            insert.setBytes(8, payload.getData());
            insert.setBytes(9, serializer.serialize(MetaData.emptyInstance(), byte[].class).getData());
            try (ResultSet index = insert.executeQuery()) {
                index.next();
                return index.getLong(1);
            }
        }
    }

    // ---- operations and what they leave ------------------------------------------------------------------------------

    /** Rebuilds through the operator endpoint and waits until it is done. */
    private static ReadModelRebuild.Progress rebuild() {
        Api.Answer started = api.post("/v1/admin/projections/" + StageReadModelProjector.NAME + "/rebuild", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.body().path("phase").asText()).isEqualTo("READING");
        await().atMost(Duration.ofSeconds(120)).until(() -> !rebuildRunning());
        ReadModelRebuild.Progress done = operations.rebuildProgress(StageReadModelProjector.NAME);
        assertThat(done.error()).isNull();
        assertThat(done.phase()).isEqualTo(ReadModelRebuild.Phase.DONE);
        Api.Answer progress = api.get("/v1/admin/projections/" + StageReadModelProjector.NAME + "/rebuild");
        assertThat(progress.body().path("phase").asText()).isEqualTo("DONE");
        assertThat(progress.body().path("eventsRead").asLong()).isEqualTo(done.eventsRead());
        return done;
    }

    private static void replay() {
        operations.replay(StageReadModelProjector.NAME);
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            ProjectionOperations.ReplayProgress progress = operations.progress(StageReadModelProjector.NAME);
            return !progress.replaying() && progress.processed() == progress.total();
        });
        awaitCaughtUp();
    }

    /** Every meeting's read model at the version of its last stored event. */
    private static void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(120)).until(() -> count("SELECT count(*) FROM (SELECT aggregateIdentifier, "
                + "max(sequenceNumber) AS version FROM domain_event_entry GROUP BY aggregateIdentifier) e "
                + "LEFT JOIN rm_meeting m ON m.meeting_id = e.aggregateIdentifier "
                + "WHERE m.version IS DISTINCT FROM e.version") == 0);
    }

    private static StreamingEventProcessor processor() {
        return node.getBean(EventProcessingConfiguration.class)
                   .eventProcessor(StageReadModelProjector.NAME, StreamingEventProcessor.class).orElseThrow();
    }

    /** Claims segments as a node alive elsewhere would: its name as owner, a fresh claim time. */
    private static void claimAsAnotherNode(String segments) throws SQLException {
        try (Connection connection = database.connect()) {
            claimAsAnotherNode(connection, segments);
        }
    }

    private static void claimAsAnotherNode(Connection connection, String segments) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement("UPDATE token_entry SET owner = 'another-node', "
                + "timestamp = ? WHERE processorName = ?" + segments)) {
            claim.setString(1, Instant.now().toString());
            claim.setString(2, StageReadModelProjector.NAME);
            claim.executeUpdate();
        }
    }

    private static void releaseClaimsOfAnotherNode() {
        jdbc.update("UPDATE token_entry SET owner = NULL WHERE owner = 'another-node'");
    }

    private static boolean freshTablesLeft() {
        return count("SELECT count(*) FROM pg_class WHERE relname LIKE 'rm\\_%\\_rebuild'") > 0;
    }

    private static boolean rebuildRunning() {
        ReadModelRebuild.Phase phase = operations.rebuildProgress(StageReadModelProjector.NAME).phase();
        return phase == ReadModelRebuild.Phase.READING || phase == ReadModelRebuild.Phase.SWAPPING;
    }

    private static long appendedAfter(long index) {
        return count("SELECT count(*) FROM domain_event_entry WHERE globalIndex > " + index);
    }

    private static long count(String sql) {
        Long value = jdbc.queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }

    private static List<Map<String, Object>> dump() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.addAll(jdbc.queryForList("SELECT * FROM rm_meeting ORDER BY meeting_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM rm_participant ORDER BY meeting_id, user_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM rm_history ORDER BY meeting_id, version"));
        return rows;
    }

    private static List<String> schema() {
        List<String> schema = new ArrayList<>(jdbc.queryForList("SELECT table_name || ' ' || column_name || ' ' || "
                + "data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') FROM information_schema.columns "
                + "WHERE table_name LIKE 'rm\\_%' ORDER BY table_name, ordinal_position", String.class));
        schema.addAll(jdbc.queryForList("SELECT indexname || ' ' || indexdef FROM pg_indexes "
                + "WHERE tablename LIKE 'rm\\_%' ORDER BY indexname", String.class));
        schema.addAll(jdbc.queryForList("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid::regclass::text LIKE 'rm\\_%' ORDER BY conname", String.class));
        return schema;
    }
}
