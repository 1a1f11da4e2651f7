package io.stagedoor.command.engine;

import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.ChangeMeetingSettings;
import io.stagedoor.kernel.command.ChangeParticipantPermissions;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.JoinStage;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.MeetingSettingsPatch;
import io.stagedoor.kernel.stage.PermissionsPatch;
import io.stagedoor.platform.presence.PresenceRows;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The policies the engine carries out by itself (SPEC §8), as deployed: acceptance expiry and presence judged from
 * PostgreSQL by the recurring tasks, across restarts.
 */
class StagePoliciesIntegrationTest extends EngineTest {

    private static final Actor SERVICE = Actor.service("it");
    private static final String FAST = "stagedoor.command.deadline-polling-interval=200ms";

    private void meetingWithViewers(MeetingId meeting, MeetingSettings settings, UserId... viewers) {
        send(new CreateMeeting(meeting, settings, SERVICE));
        for (UserId viewer : viewers) {
            send(new AddParticipant(meeting, viewer, null, BuiltInPresets.WEBINAR_VIEWER, SERVICE));
        }
    }

    private CommandOutcome request(MeetingId meeting, UserId viewer) {
        return send(new RequestStageAccess(meeting, viewer, Actor.participant(viewer)));
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }

    @Test
    void anAcceptanceNotUsedExpiresAcrossARestartAndItsSeatGoesToTheNextRequest() {
        MeetingId meeting = MeetingId.of("acceptance-expiry");
        UserId first = UserId.of("first");
        UserId second = UserId.of("second");
        start();
        meetingWithViewers(meeting, new MeetingSettings(null, 1, null, true, 10, null, null), first, second);
        assertThat(request(meeting, first).outcomes())
                .containsExactly(TargetOutcome.changed(first, OFF_STAGE, ACCEPTED_TO_JOIN_STAGE));
        assertThat(request(meeting, second).outcomes())
                .containsExactly(TargetOutcome.changed(second, OFF_STAGE, REQUESTED_TO_JOIN_STAGE));

        start(FAST);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.eventTypes(meeting.value()))
                .endsWith("StageAccessDenied", "StageAccessGranted"));
        List<String> payloads = log.payloads(meeting.value());
        assertThat(payloads.get(payloads.size() - 2)).contains("\"userId\":\"first\"", "\"deniedBy\":\"service:stagedoor\"",
                "\"reason\":\"acceptance expired\"");
        assertThat(payloads.get(payloads.size() - 1)).contains("\"userId\":\"second\"", "\"grantedBy\":\"service:stagedoor\"",
                "\"reason\":\"auto-accept\"");
        assertThat(log.count("SELECT count(*) FROM stage_deadline WHERE meeting_id = ? AND kind = 'acceptance-expiry'",
                meeting.value())).as("the next acceptance has its own expiry").isEqualTo(1);

        CommandOutcome joined = send(new JoinStage(meeting, second, Actor.participant(second)));
        assertThat(joined.outcomes()).containsExactly(TargetOutcome.changed(second, ACCEPTED_TO_JOIN_STAGE, ON_STAGE));
        assertThat(log.count("SELECT count(*) FROM stage_deadline WHERE meeting_id = ?", meeting.value()))
                .as("an acceptance used to join expires no more").isZero();
    }

    @Test
    void aParticipantNobodySeesLosesItsPlaceAfterTheGraceAndOneThatSendsHeartbeatsKeepsIt() {
        MeetingId meeting = MeetingId.of("presence");
        UserId silent = UserId.of("silent");
        UserId beating = UserId.of("beating");
        UserId elsewhere = UserId.of("elsewhere");
        MeetingId withoutGrace = MeetingId.of("no-presence");
        start(FAST);
        meetingWithViewers(meeting, new MeetingSettings(null, null, null, false, null, null, 5), silent, beating);
        meetingWithViewers(withoutGrace, MeetingSettings.NONE, elsewhere);
        request(withoutGrace, elsewhere);
        PresenceRows presence = context.getBean(PresenceRows.class);
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> presence.seenNow(List.of(new PresenceRows.Seen(meeting.value(),
                beating.value()))), 0, 1, TimeUnit.SECONDS);
        try {
            long requestedAt = System.nanoTime();
            request(meeting, silent);
            request(meeting, beating);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.eventTypes(meeting.value()))
                    .endsWith("StageAccessRequestCancelled"));
            assertThat(Duration.ofNanos(System.nanoTime() - requestedAt)).as("not before the grace period")
                                                                         .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            List<String> payloads = log.payloads(meeting.value());
            assertThat(payloads.get(payloads.size() - 1)).contains("\"userId\":\"silent\"",
                    "\"cancelledBy\":\"service:stagedoor\"", "\"reason\":\"presence lost\"");

            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(log.eventTypes(meeting.value())).as("the participant sending heartbeats keeps its request")
                                                               .endsWith("StageAccessRequested", "StageAccessRequestCancelled"));
        } finally {
            heartbeats.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(last(log.payloads(meeting.value())))
                .contains("\"userId\":\"beating\"", "\"reason\":\"presence lost\""));
        assertThat(log.count("SELECT count(*) FROM presence_watch WHERE meeting_id = ?", meeting.value())).isZero();
        assertThat(log.eventTypes(withoutGrace.value())).as("a meeting without a presence grace judges nobody")
                                                        .endsWith("StageAccessRequested");
    }

    @Test
    void turningPresenceOnJudgesThoseAlreadyHoldingFromThenOn() {
        MeetingId meeting = MeetingId.of("presence-later");
        UserId early = UserId.of("early");
        start(FAST);
        meetingWithViewers(meeting, MeetingSettings.NONE, early);
        request(meeting, early);
        assertThat(log.count("SELECT count(*) FROM presence_watch WHERE meeting_id = ?", meeting.value()))
                .as("holders are watched whether or not the meeting judges presence").isEqualTo(1);

        long turnedOnAt = System.nanoTime();
        send(new ChangeMeetingSettings(meeting, new MeetingSettingsPatch(null, null, null, null, null, null,
                Optional.of(5)), SERVICE));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(last(log.payloads(meeting.value())))
                .contains("\"userId\":\"early\"", "\"reason\":\"presence lost\""));
        assertThat(Duration.ofNanos(System.nanoTime() - turnedOnAt)).as("judged from when presence was turned on")
                                                                    .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void nobodyIsJudgedAbsentForTheTimeTheServiceWasDown() {
        MeetingId meeting = MeetingId.of("presence-outage");
        UserId viewer = UserId.of("viewer");
        start(FAST);
        meetingWithViewers(meeting, new MeetingSettings(null, null, null, false, null, null, 5), viewer);
        request(meeting, viewer);
        stop();
        // an hour away: everything the judge knows is that old
        log.execute("UPDATE presence_watch SET watched_since = now() - interval '1 hour'");
        log.execute("UPDATE presence_grace SET enabled_at = now() - interval '1 hour'");
        log.execute("UPDATE presence_judge SET judged_at = now() - interval '1 hour', "
                + "observing_since = now() - interval '1 hour'");

        start(FAST);
        long restartedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(last(log.payloads(meeting.value())))
                .contains("\"userId\":\"viewer\"", "\"reason\":\"presence lost\""));
        assertThat(Duration.ofNanos(System.nanoTime() - restartedAt)).as("a whole grace after the service came back")
                                                                     .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aPermissionsChangeThatLeavesARequestPendingLeavesItsExpiry() {
        MeetingId meeting = MeetingId.of("expiry-kept");
        UserId viewer = UserId.of("viewer");
        start();
        meetingWithViewers(meeting, new MeetingSettings(null, null, 600), viewer);
        request(meeting, viewer);
        send(new ChangeParticipantPermissions(meeting, viewer, new PermissionsPatch(null, null, true, null), SERVICE));
        assertThat(log.count("SELECT count(*) FROM stage_deadline WHERE meeting_id = ? AND kind = 'request-expiry'",
                meeting.value())).as("still pending, still expiring").isOne();
    }
}
