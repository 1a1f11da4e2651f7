package io.stagedoor.query.projection;

import io.stagedoor.kernel.event.EngineReasons;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.ParticipantRemoved;
import io.stagedoor.kernel.event.RemovedFromStage;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequestCancelled;
import io.stagedoor.kernel.event.StageAccessRequestExpired;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageClosed;
import io.stagedoor.kernel.event.StageJoined;
import io.stagedoor.kernel.event.StageLeft;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import io.stagedoor.query.admin.ProjectionOperations;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every event type, stored as the command side stores it, projected into the read models of a real PostgreSQL. */
class StageReadModelProjectorTest {

    private static final Actor SERVICE = Actor.service("it");
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final UserId HOST = UserId.of("host");
    private static final UserId ADA = UserId.of("ada");
    private static final UserId BOB = UserId.of("bob");

    private static ConfigurableApplicationContext context;
    private static JdbcTemplate jdbc;
    private static StoredEvents events;

    @BeforeAll
    static void start() {
        context = TestApplication.start(QuerySideApplication.class, TestDatabase.fresh());
        jdbc = context.getBean(JdbcTemplate.class);
        events = new StoredEvents(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static void awaitVersion(String meeting, long version) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.query("SELECT version FROM rm_meeting WHERE meeting_id = ?",
                (row, n) -> row.getLong(1), meeting).stream().anyMatch(v -> v >= version));
    }

    private static Map<String, Object> meeting(String meeting) {
        return jdbc.queryForMap("SELECT * FROM rm_meeting WHERE meeting_id = ?", meeting);
    }

    private static Map<String, Object> participant(String meeting, UserId user) {
        return jdbc.queryForMap("SELECT * FROM rm_participant WHERE meeting_id = ? AND user_id = ?", meeting, user.value());
    }

    private static Instant at(int seconds) {
        return T.plusSeconds(seconds);
    }

    private static ParticipantAdded added(MeetingId m, UserId user, Preset preset, int second) {
        return new ParticipantAdded(m, user, user.value().toUpperCase(), preset.name(), preset.permissions(),
                preset.permissions().restingStatus(), SERVICE, at(second));
    }

    @Test
    void meetingsTheirSettingsAndTheirEnd() {
        MeetingId m = MeetingId.of("settings");
        events.append(new MeetingCreated(m, new MeetingSettings("Panel", 3, 60, true, 30, 50, 15), SERVICE, at(0)));
        awaitVersion("settings", 0);
        assertThat(meeting("settings")).containsEntry("title", "Panel").containsEntry("max_on_stage", 3)
                                       .containsEntry("request_timeout_seconds", 60).containsEntry("ended", false)
                                       .containsEntry("auto_accept", true).containsEntry("accept_timeout_seconds", 30)
                                       .containsEntry("max_pending_requests", 50)
                                       .containsEntry("presence_grace_seconds", 15);
        events.append(new MeetingSettingsChanged(m, new MeetingSettings("Panel", null, 120), SERVICE, at(1)),
                added(m, HOST, BuiltInPresets.WEBINAR_HOST, 2),
                new StageJoined(m, HOST, Actor.participant(HOST), at(3)),
                new StageClosed(m, HOST, ON_STAGE, SERVICE, at(4)),
                new MeetingEnded(m, SERVICE, at(4)));
        awaitVersion("settings", 5);
        assertThat(meeting("settings")).containsEntry("max_on_stage", null).containsEntry("request_timeout_seconds", 120)
                                       .containsEntry("ended", true).containsEntry("on_stage_count", 0)
                                       .containsEntry("participant_count", 1).containsEntry("auto_accept", false)
                                       .containsEntry("accept_timeout_seconds", null)
                                       .containsEntry("max_pending_requests", null)
                                       .containsEntry("presence_grace_seconds", null);
        assertThat(participant("settings", HOST)).containsEntry("status", OFF_STAGE.name());
    }

    @Test
    void everyStageTransitionMovesTheParticipantAndTheCounts() {
        MeetingId m = MeetingId.of("stage");
        events.append(new MeetingCreated(m, MeetingSettings.NONE, SERVICE, at(0)),
                added(m, HOST, BuiltInPresets.WEBINAR_HOST, 1),
                added(m, ADA, BuiltInPresets.WEBINAR_VIEWER, 2),
                added(m, BOB, BuiltInPresets.WEBINAR_VIEWER, 3),
                new StageAccessRequested(m, ADA, Actor.participant(ADA), at(4), null),
                new StageAccessRequested(m, BOB, Actor.participant(BOB), at(5), null));
        awaitVersion("stage", 5);
        assertThat(participant("stage", ADA)).containsEntry("status", REQUESTED_TO_JOIN_STAGE.name())
                                             .containsEntry("requested_version", 4L).containsEntry("name", "ADA");
        assertThat(meeting("stage")).containsEntry("requested_count", 2).containsEntry("accepted_count", 1)
                                    .containsEntry("participant_count", 3);
        List<String> queue = jdbc.queryForList("SELECT user_id FROM rm_participant WHERE meeting_id = 'stage' "
                + "AND status = 'REQUESTED_TO_JOIN_STAGE' ORDER BY requested_version", String.class);
        assertThat(queue).containsExactly("ada", "bob");

        events.append(new StageAccessGranted(m, ADA, REQUESTED_TO_JOIN_STAGE, Actor.participant(HOST), at(6)),
                new StageAccessDenied(m, BOB, REQUESTED_TO_JOIN_STAGE, Actor.participant(HOST), at(7)),
                new StageJoined(m, ADA, Actor.participant(ADA), at(8)),
                new StageJoined(m, HOST, Actor.participant(HOST), at(9)));
        awaitVersion("stage", 9);
        assertThat(participant("stage", ADA)).containsEntry("status", ON_STAGE.name()).containsEntry("requested_version", null);
        assertThat(participant("stage", BOB)).containsEntry("status", OFF_STAGE.name());
        assertThat(meeting("stage")).containsEntry("on_stage_count", 2).containsEntry("requested_count", 0)
                                    .containsEntry("accepted_count", 0);

        events.append(new RemovedFromStage(m, HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE, SERVICE, at(10)),
                new StageLeft(m, ADA, ON_STAGE, OFF_STAGE, Actor.participant(ADA), at(11)),
                new StageAccessRequested(m, BOB, Actor.participant(BOB), at(12), at(72)),
                new StageAccessRequestCancelled(m, BOB, Actor.participant(BOB), at(13)),
                new StageAccessRequested(m, BOB, Actor.participant(BOB), at(14), at(74)),
                new StageAccessRequestExpired(m, BOB, Actor.ENGINE, at(74)));
        awaitVersion("stage", 15);
        assertThat(participant("stage", HOST)).containsEntry("status", ACCEPTED_TO_JOIN_STAGE.name());
        assertThat(participant("stage", BOB)).containsEntry("status", OFF_STAGE.name())
                                             .containsEntry("since", java.sql.Timestamp.from(at(74)));
        assertThat(meeting("stage")).containsEntry("on_stage_count", 0).containsEntry("accepted_count", 1)
                                    .containsEntry("requested_count", 0);
    }

    @Test
    void permissionChangesAndRemovals() {
        MeetingId m = MeetingId.of("permissions");
        StagePermissions barred = new StagePermissions(true, StageAccess.NOT_ALLOWED, false, false);
        events.append(new MeetingCreated(m, MeetingSettings.NONE, SERVICE, at(0)),
                added(m, ADA, BuiltInPresets.WEBINAR_VIEWER, 1),
                new StageAccessRequested(m, ADA, Actor.participant(ADA), at(2), null),
                new ParticipantPermissionsChanged(m, ADA, BuiltInPresets.WEBINAR_VIEWER.name(), barred,
                        REQUESTED_TO_JOIN_STAGE, OFF_STAGE, SERVICE, at(3)),
                added(m, BOB, BuiltInPresets.WEBINAR_PRESENTER, 4));
        awaitVersion("permissions", 4);
        assertThat(participant("permissions", ADA)).containsEntry("stage_access", "NOT_ALLOWED")
                                                   .containsEntry("status", OFF_STAGE.name());
        assertThat(meeting("permissions")).containsEntry("requested_count", 0).containsEntry("accepted_count", 1);

        events.append(new ParticipantRemoved(m, BOB, ACCEPTED_TO_JOIN_STAGE, SERVICE, at(5)));
        awaitVersion("permissions", 5);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_participant WHERE meeting_id = 'permissions'", Long.class))
                .isEqualTo(1);
        assertThat(meeting("permissions")).containsEntry("participant_count", 1).containsEntry("accepted_count", 0);
    }

    @Test
    void oneBatchInterleavingMeetingsProjectsEachOfThem() {
        MeetingId red = MeetingId.of("red");
        MeetingId blue = MeetingId.of("blue");
        events.append(new MeetingCreated(red, MeetingSettings.NONE, SERVICE, at(0)),
                new MeetingCreated(blue, MeetingSettings.NONE, SERVICE, at(0)),
                added(red, ADA, BuiltInPresets.WEBINAR_VIEWER, 1),
                added(blue, ADA, BuiltInPresets.WEBINAR_VIEWER, 1),
                new StageAccessRequested(red, ADA, Actor.participant(ADA), at(2), null),
                added(blue, BOB, BuiltInPresets.WEBINAR_VIEWER, 2),
                new StageAccessGranted(red, ADA, REQUESTED_TO_JOIN_STAGE, Actor.participant(HOST), at(3)),
                new ParticipantRemoved(blue, ADA, OFF_STAGE, SERVICE, at(3)),
                new StageJoined(red, ADA, Actor.participant(ADA), at(4)));
        awaitVersion("red", 4);
        awaitVersion("blue", 3);
        assertThat(participant("red", ADA)).containsEntry("status", ON_STAGE.name());
        assertThat(meeting("red")).containsEntry("participant_count", 1).containsEntry("on_stage_count", 1)
                                  .containsEntry("requested_count", 0).containsEntry("accepted_count", 0);
        assertThat(meeting("blue")).containsEntry("participant_count", 1).containsEntry("version", 3L);
        assertThat(jdbc.queryForList("SELECT user_id FROM rm_participant WHERE meeting_id = 'blue'", String.class))
                .containsExactly("bob");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_history WHERE meeting_id IN ('red', 'blue')", Long.class))
                .isEqualTo(9);
    }

    @Test
    void theHistoryHasOneRowPerDecision() {
        MeetingId m = MeetingId.of("audit");
        events.append(new MeetingCreated(m, MeetingSettings.NONE, SERVICE, at(0)),
                added(m, ADA, BuiltInPresets.WEBINAR_VIEWER, 1),
                new StageAccessRequested(m, ADA, Actor.participant(ADA), at(2), null),
                new StageAccessGranted(m, ADA, REQUESTED_TO_JOIN_STAGE, Actor.participant(HOST), at(3)));
        awaitVersion("audit", 3);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM rm_history WHERE meeting_id = 'audit' ORDER BY version");
        assertThat(rows).extracting(r -> r.get("type")).containsExactly("MeetingCreated", "ParticipantAdded",
                "StageAccessRequested", "StageAccessGranted");
        assertThat(rows.get(3)).containsEntry("actor", "host").containsEntry("user_id", "ada")
                               .containsEntry("from_status", REQUESTED_TO_JOIN_STAGE.name())
                               .containsEntry("to_status", ACCEPTED_TO_JOIN_STAGE.name())
                               .containsEntry("occurred_at", java.sql.Timestamp.from(at(3)));
        assertThat(rows.get(0)).containsEntry("actor", "service:it").containsEntry("user_id", null)
                               .containsEntry("reason", null);
        assertThat(rows.get(3)).containsEntry("reason", null);
    }

    @Test
    void theEnginesDecisionsAreInTheHistoryWithTheirReasons() {
        MeetingId m = MeetingId.of("policies");
        events.append(new MeetingCreated(m, new MeetingSettings(null, 1, null, true, 20, null, 10), SERVICE, at(0)),
                added(m, ADA, BuiltInPresets.WEBINAR_VIEWER, 1),
                added(m, BOB, BuiltInPresets.WEBINAR_VIEWER, 2),
                new StageAccessRequested(m, ADA, Actor.participant(ADA), at(3), null),
                new StageAccessGranted(m, ADA, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, at(3), at(23),
                        EngineReasons.AUTO_ACCEPT),
                new StageAccessRequested(m, BOB, Actor.participant(BOB), at(4), null),
                new StageAccessDenied(m, ADA, ACCEPTED_TO_JOIN_STAGE, Actor.ENGINE, at(23),
                        EngineReasons.ACCEPTANCE_EXPIRED),
                new StageAccessGranted(m, BOB, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, at(23), at(43),
                        EngineReasons.AUTO_ACCEPT),
                new StageJoined(m, BOB, Actor.participant(BOB), at(24)),
                new RemovedFromStage(m, BOB, ON_STAGE, OFF_STAGE, Actor.ENGINE, at(40), EngineReasons.PRESENCE_LOST),
                new StageAccessRequested(m, ADA, Actor.participant(ADA), at(41), null),
                new StageAccessGranted(m, ADA, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, at(41), at(61),
                        EngineReasons.AUTO_ACCEPT),
                new StageAccessRequested(m, BOB, Actor.participant(BOB), at(42), null),
                new StageAccessRequestCancelled(m, BOB, Actor.ENGINE, at(55), EngineReasons.PRESENCE_LOST));
        awaitVersion("policies", 13);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT version, type, actor, user_id, reason FROM rm_history "
                + "WHERE meeting_id = 'policies' AND reason IS NOT NULL ORDER BY version");
        assertThat(rows).extracting(r -> r.get("version") + " " + r.get("type") + " " + r.get("actor") + " "
                + r.get("user_id") + " " + r.get("reason")).containsExactly(
                "4 StageAccessGranted service:stagedoor ada auto-accept",
                "6 StageAccessDenied service:stagedoor ada acceptance expired",
                "7 StageAccessGranted service:stagedoor bob auto-accept",
                "9 RemovedFromStage service:stagedoor bob presence lost",
                "11 StageAccessGranted service:stagedoor ada auto-accept",
                "13 StageAccessRequestCancelled service:stagedoor bob presence lost");
        assertThat(participant("policies", ADA)).containsEntry("status", ACCEPTED_TO_JOIN_STAGE.name());
        assertThat(participant("policies", BOB)).containsEntry("status", OFF_STAGE.name());
        assertThat(meeting("policies")).containsEntry("accepted_count", 1).containsEntry("requested_count", 0)
                                       .containsEntry("on_stage_count", 0);
    }

    @Test
    void rowsAndTheProcessorsTokenAreWrittenInOneTransaction() {
        AtomicBoolean inTransaction = new AtomicBoolean();
        EventProcessor processor = context.getBean(EventProcessingConfiguration.class)
                                          .eventProcessor(StageReadModelProjector.NAME).orElseThrow();
        processor.registerHandlerInterceptor((unitOfWork, chain) -> {
            inTransaction.set(TransactionSynchronizationManager.isActualTransactionActive());
            return chain.proceed();
        });
        events.append(new MeetingCreated(MeetingId.of("tx"), MeetingSettings.NONE, SERVICE, at(0)));
        awaitVersion("tx", 0);
        assertThat(inTransaction.get()).isTrue();
    }

    @Test
    void anEventThatCannotBeProjectedIsDeadLetteredAndCanBeRetriedOnceRepaired() {
        MeetingId m = MeetingId.of("orphan");
        events.append(added(m, ADA, BuiltInPresets.WEBINAR_VIEWER, 1));
        ProjectionOperations operations = context.getBean(ProjectionOperations.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> operations.deadLetters(StageReadModelProjector.NAME).size() == 1);
        assertThat(operations.deadLetters(StageReadModelProjector.NAME).get(0).eventType()).isEqualTo("ParticipantAdded");

        jdbc.update("INSERT INTO rm_meeting (meeting_id, version, created_at) VALUES ('orphan', -1, now())");
        assertThat(operations.retryDeadLetters(StageReadModelProjector.NAME)).isEqualTo(1);
        assertThat(operations.deadLetters(StageReadModelProjector.NAME)).isEmpty();
        assertThat(participant("orphan", ADA)).containsEntry("status", OFF_STAGE.name());
    }
}
