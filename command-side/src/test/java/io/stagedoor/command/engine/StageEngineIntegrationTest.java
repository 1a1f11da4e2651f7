package io.stagedoor.command.engine;

import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.GrantStageAccess;
import io.stagedoor.kernel.command.JoinStage;
import io.stagedoor.kernel.command.LeaveStage;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.command.TargetUsers;
import io.stagedoor.kernel.command.UnchangedReason;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.platform.web.RequestRefused;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The engine as deployed: commands through the gateway, events in PostgreSQL, restarts in between.
 */
class StageEngineIntegrationTest extends EngineTest {

    private static final Actor SERVICE = Actor.service("it");
    private static final UserId HOST = UserId.of("host");
    private static final UserId VIEWER = UserId.of("viewer");

    private void meetingWithHostAndViewer(MeetingId meeting, MeetingSettings settings) {
        send(new CreateMeeting(meeting, settings, SERVICE));
        send(new AddParticipant(meeting, HOST, "Host", BuiltInPresets.WEBINAR_HOST, SERVICE));
        send(new AddParticipant(meeting, VIEWER, "Viewer", BuiltInPresets.WEBINAR_VIEWER, SERVICE));
    }

    @Test
    void axonRunsOnTheJdbcEventStoreWithSpringTransactions() {
        start();
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(context.getBean(TransactionManager.class)).isInstanceOf(SpringTransactionManager.class);

        AtomicReference<Boolean> inTransaction = new AtomicReference<>();
        Registration probe = context.getBean(CommandBus.class).registerHandlerInterceptor(
                (MessageHandlerInterceptor<CommandMessage<?>>) (unitOfWork, chain) -> {
                    inTransaction.set(TransactionSynchronizationManager.isActualTransactionActive());
                    return chain.proceed();
                });
        send(new CreateMeeting(MeetingId.of("tx-probe"), MeetingSettings.NONE, SERVICE));
        probe.cancel();
        assertThat(inTransaction.get()).as("the command ran inside a database transaction").isTrue();
    }

    @Test
    void eventsAndStateSurviveARestart() {
        MeetingId meeting = MeetingId.of("restart");
        start();
        meetingWithHostAndViewer(meeting, MeetingSettings.NONE);
        send(new RequestStageAccess(meeting, VIEWER, Actor.participant(VIEWER)));
        send(new GrantStageAccess(meeting, TargetUsers.listed(List.of(VIEWER)), Actor.participant(HOST)));
        CommandOutcome joined = send(new JoinStage(meeting, VIEWER, Actor.participant(VIEWER)));
        assertThat(joined.version()).isEqualTo(5);

        start();
        assertThat(log.eventTypes("restart")).containsExactly("MeetingCreated", "ParticipantAdded",
                "ParticipantAdded", "StageAccessRequested", "StageAccessGranted", "StageJoined");
        CommandOutcome again = send(new JoinStage(meeting, VIEWER, Actor.participant(VIEWER)));
        assertThat(again.version()).isEqualTo(5);
        assertThat(again.outcomes()).containsExactly(TargetOutcome.unchanged(VIEWER, ON_STAGE, UnchangedReason.ALREADY_ON_STAGE));
        CommandOutcome left = send(new LeaveStage(meeting, VIEWER, Actor.participant(VIEWER)));
        assertThat(left.version()).isEqualTo(6);
        assertThat(left.outcomes()).containsExactly(TargetOutcome.changed(VIEWER, ON_STAGE, OFF_STAGE));
    }

    @Test
    void aFailureAfterTheAppendLeavesNoEventAndNoDeadlineBehind() {
        MeetingId meeting = MeetingId.of("rollback");
        start();
        meetingWithHostAndViewer(meeting, new MeetingSettings(null, null, 60));
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        long deadlinesBefore = log.pendingDeadlines();
        AtomicLong seenInsideTransaction = new AtomicLong();
        Registration failAfterAppend = context.getBean(CommandBus.class).registerHandlerInterceptor(
                (MessageHandlerInterceptor<CommandMessage<?>>) (unitOfWork, chain) -> {
                    Object result = chain.proceed();
                    // once the command's events are handed to its batch, fail the batch's commit after they are appended
                    unitOfWork.onPrepareCommit(command -> command.root().onPrepareCommit(batch -> {
                        seenInsideTransaction.set(jdbc.queryForObject(
                                "SELECT count(*) FROM domain_event_entry WHERE aggregateIdentifier = 'rollback'", Long.class));
                        throw new IllegalStateException("failure after the append");
                    }));
                    return result;
                });

        assertThatThrownBy(() -> send(new RequestStageAccess(meeting, VIEWER, Actor.participant(VIEWER))))
                .hasMessageContaining("failure after the append");
        failAfterAppend.cancel();

        assertThat(seenInsideTransaction.get()).as("the event was appended inside the transaction").isEqualTo(4);
        assertThat(log.eventTypes("rollback")).as("and rolled back with it").hasSize(3);
        assertThat(log.pendingDeadlines()).as("its expiry was rolled back too").isEqualTo(deadlinesBefore);

        CommandOutcome retried = send(new RequestStageAccess(meeting, VIEWER, Actor.participant(VIEWER)));
        assertThat(retried.version()).as("the cached meeting was evicted, not left half-changed").isEqualTo(3);
    }

    @Test
    void aPendingRequestExpiresEvenAcrossARestart() {
        MeetingId meeting = MeetingId.of("expiry");
        start();
        meetingWithHostAndViewer(meeting, new MeetingSettings(null, null, 10));
        long before = log.pendingDeadlines();
        send(new RequestStageAccess(meeting, VIEWER, Actor.participant(VIEWER)));
        assertThat(log.pendingDeadlines()).isEqualTo(before + 1);

        start("stagedoor.command.deadline-polling-interval=200ms");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(log.eventTypes("expiry")).endsWith("StageAccessRequested", "StageAccessRequestExpired"));
        assertThat(log.pendingDeadlines()).isEqualTo(before);
        assertThat(log.payloads("expiry").get(4)).contains("\"expiredBy\":\"service:stagedoor\"");
    }

    @Test
    void answeringARequestCancelsItsExpiry() {
        MeetingId meeting = MeetingId.of("answered");
        start();
        meetingWithHostAndViewer(meeting, new MeetingSettings(null, null, 600));
        long before = log.pendingDeadlines();
        send(new RequestStageAccess(meeting, VIEWER, Actor.participant(VIEWER)));
        assertThat(log.pendingDeadlines()).isEqualTo(before + 1);

        CommandOutcome granted = send(new GrantStageAccess(meeting, TargetUsers.allPending(), Actor.participant(HOST)));
        assertThat(granted.outcomes()).extracting(TargetOutcome::to).containsExactly(ACCEPTED_TO_JOIN_STAGE);
        assertThat(log.pendingDeadlines()).isEqualTo(before);
    }

    @Test
    void longLivedMeetingsAreSnapshottedAndLoadFromTheSnapshot() {
        MeetingId meeting = MeetingId.of("snapshots");
        start("stagedoor.command.snapshot-every-events=10");
        meetingWithHostAndViewer(meeting, MeetingSettings.NONE);
        for (int i = 0; i < 12; i++) {
            send(new JoinStage(meeting, HOST, Actor.participant(HOST)));
            send(new LeaveStage(meeting, HOST, Actor.participant(HOST)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                log.count("SELECT count(*) FROM snapshot_event_entry WHERE aggregateIdentifier = 'snapshots'") == 1);

        start();
        CommandOutcome joined = send(new JoinStage(meeting, HOST, Actor.participant(HOST)));
        assertThat(joined.version()).isEqualTo(27);
        assertThat(joined.outcomes()).containsExactly(TargetOutcome.changed(HOST, ACCEPTED_TO_JOIN_STAGE, ON_STAGE));
    }

    /** What the stage's snapshot looked like before its roster was split out (no revision). */
    private static final String SNAPSHOT_BEFORE_THE_ROSTER = """
            {"meetingId":"old-snapshot","settings":{"title":null,"maxOnStage":null,"requestTimeoutSeconds":null},\
            "ended":false,"participants":{\
            "host":{"preset":"webinar_host","permissions":{"stageEnabled":true,"stageAccess":"ALLOWED",\
            "acceptStageRequests":true,"canChangeParticipantPermissions":true},"status":"ACCEPTED_TO_JOIN_STAGE"},\
            "viewer":{"preset":"webinar_viewer","permissions":{"stageEnabled":true,"stageAccess":"CAN_REQUEST",\
            "acceptStageRequests":false,"canChangeParticipantPermissions":false},"status":"OFF_STAGE"}},\
            "requestQueue":{},"onStageCount":0}""";

    @Test
    void aSnapshotOfAnEarlierShapeOfTheStageIsIgnoredAndTheMeetingSourcedFromItsEvents() {
        MeetingId meeting = MeetingId.of("old-snapshot");
        start("stagedoor.command.snapshot-every-events=3");
        meetingWithHostAndViewer(meeting, MeetingSettings.NONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.count(
                "SELECT count(*) FROM snapshot_event_entry WHERE aggregateIdentifier = 'old-snapshot' AND sequenceNumber = 2") == 1);
        context.getBean(JdbcTemplate.class).update("UPDATE snapshot_event_entry SET payloadRevision = NULL, "
                + "payload = convert_to(?, 'UTF8') WHERE aggregateIdentifier = 'old-snapshot'", SNAPSHOT_BEFORE_THE_ROSTER);

        start();
        CommandOutcome joined = send(new JoinStage(meeting, HOST, Actor.participant(HOST)));
        assertThat(joined.version()).isEqualTo(3);
        assertThat(joined.outcomes()).containsExactly(TargetOutcome.changed(HOST, ACCEPTED_TO_JOIN_STAGE, ON_STAGE));
    }

    @Test
    void refusalsCarryTheContractsErrorCodes() {
        MeetingId meeting = MeetingId.of("refusals");
        start();
        assertThatThrownBy(() -> send(new JoinStage(meeting, HOST, Actor.participant(HOST))))
                .isInstanceOfSatisfying(RequestRefused.class,
                        rejected -> assertThat(rejected.error().code()).isEqualTo(ErrorCode.MEETING_NOT_FOUND));
        meetingWithHostAndViewer(meeting, MeetingSettings.NONE);
        assertThatThrownBy(() -> send(new JoinStage(meeting, VIEWER, Actor.participant(VIEWER))))
                .isInstanceOfSatisfying(RequestRefused.class,
                        rejected -> assertThat(rejected.error().code()).isEqualTo(ErrorCode.TRANSITION_NOT_ALLOWED));
        StageCommandGateway gateway = context.getBean(StageCommandGateway.class);
        assertThatThrownBy(() -> gateway.send(new JoinStage(meeting, HOST, Actor.participant(HOST)), 1L, null))
                .isInstanceOfSatisfying(RequestRefused.class,
                        rejected -> assertThat(rejected.error().code()).isEqualTo(ErrorCode.VERSION_MISMATCH));
        CommandOutcome matching = gateway.send(new JoinStage(meeting, HOST, Actor.participant(HOST)), 2L, null);
        assertThat(matching.version()).isEqualTo(3);
        MeetingOutcome existing = send(new CreateMeeting(meeting, new MeetingSettings("other", 2, null), SERVICE));
        assertThat(existing).isEqualTo(new MeetingOutcome(meeting, 3, MeetingSettings.NONE, false));
    }

    @Test
    void aStaleIfMatchIsRefusedBeforeItRunsAndTheRestOfItsBatchRunsOnce() throws Exception {
        MeetingId meeting = MeetingId.of("stale-if-match");
        start();
        meetingWithHostAndViewer(meeting, MeetingSettings.NONE);
        StageCommandGateway gateway = context.getBean(StageCommandGateway.class);
        GroupCommitCommandBus bus = context.getBean(GroupCommitCommandBus.class);
        CountDownLatch workerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requestRuns = new AtomicInteger();
        MessageHandlerInterceptor<CommandMessage<?>> holdingTheWorker = (unitOfWork, chain) -> {
            Object payload = unitOfWork.getMessage().getPayload();
            if (payload instanceof AddParticipant) {
                workerHeld.countDown();
                release.await(10, TimeUnit.SECONDS);
            } else if (payload instanceof RequestStageAccess) {
                requestRuns.incrementAndGet();
            }
            return chain.proceed();
        };
        Registration probe = bus.registerHandlerInterceptor(holdingTheWorker);
        try {
            // the meeting's shard is busy with a third participant (version 3) while the next two queue behind it
            CompletableFuture<Object> third = CompletableFuture.supplyAsync(() -> send(new AddParticipant(meeting,
                    UserId.of("third"), "Third", BuiltInPresets.WEBINAR_VIEWER, SERVICE)));
            assertThat(workerHeld.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<CommandOutcome> request = CompletableFuture.supplyAsync(
                    () -> send(new RequestStageAccess(meeting, VIEWER, Actor.participant(VIEWER))));
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.queued() == 1);
            CompletableFuture<Object> stale = CompletableFuture.supplyAsync(
                    () -> gateway.send(new JoinStage(meeting, HOST, Actor.participant(HOST)), 2L, null));
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.queued() == 2);
            release.countDown();

            third.get(10, TimeUnit.SECONDS);
            assertThat(request.get(10, TimeUnit.SECONDS).version()).isEqualTo(4);
            assertThatThrownBy(() -> stale.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(RequestRefused.class,
                            rejected -> assertThat(rejected.error().code()).isEqualTo(ErrorCode.VERSION_MISMATCH));
            assertThat(requestRuns.get()).as("the batch it shared with the refused command was not run again").isOne();
            assertThat(log.eventTypes("stale-if-match")).hasSize(5).doesNotContain("StageJoined");
        } finally {
            release.countDown();
            probe.cancel();
        }
    }

    @Test
    void idempotencyKeysExpireAfterTheirRetentionAndArePurged() {
        MeetingId meeting = MeetingId.of("keys");
        start();
        meetingWithHostAndViewer(meeting, MeetingSettings.NONE);
        StageCommandGateway gateway = context.getBean(StageCommandGateway.class);
        IdempotencyStore store = context.getBean(IdempotencyStore.class);
        IdempotencyKey key = IdempotencyKey.of("service:it", "k-1", "request one");
        CommandOutcome first = gateway.send(new RequestStageAccess(meeting, VIEWER, Actor.participant(VIEWER)), null, key);
        assertThat(store.find("service:it", "k-1")).get().extracting(IdempotencyStore.Remembered::outcome).isEqualTo(first);
        assertThatThrownBy(() -> gateway.send(new JoinStage(meeting, HOST, Actor.participant(HOST)), null,
                IdempotencyKey.of("service:it", "k-1", "request two")))
                .isInstanceOf(IdempotencyStore.IdempotencyKeyTaken.class);
        assertThat(log.eventTypes("keys")).as("the refused reuse appended nothing").hasSize(4);

        context.getBean(JdbcTemplate.class).update("UPDATE idempotency_key SET created_at = now() - interval '25 hours'");
        assertThat(store.find("service:it", "k-1")).as("expired").isEmpty();
        CommandOutcome reused = gateway.send(new JoinStage(meeting, HOST, Actor.participant(HOST)), null,
                IdempotencyKey.of("service:it", "k-1", "request two"));
        assertThat(reused.version()).isEqualTo(4);
        context.getBean(JdbcTemplate.class).update("UPDATE idempotency_key SET created_at = now() - interval '25 hours'");
        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(log.count("SELECT count(*) FROM idempotency_key")).isZero();
    }
}
