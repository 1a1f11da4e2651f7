package io.stagedoor.command.stage;

import io.stagedoor.kernel.command.AddParticipants;
import io.stagedoor.kernel.command.ChangeMeetingSettings;
import io.stagedoor.kernel.command.ChangeParticipantPermissions;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.DenyStageAccess;
import io.stagedoor.kernel.command.ExpireStageAcceptance;
import io.stagedoor.kernel.command.GrantStageAccess;
import io.stagedoor.kernel.command.JoinStage;
import io.stagedoor.kernel.command.KickFromStage;
import io.stagedoor.kernel.command.LeaveStage;
import io.stagedoor.kernel.command.LosePresence;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.command.RemoveParticipant;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.command.TargetUsers;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.event.EngineReasons;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.ParticipantRemoved;
import io.stagedoor.kernel.event.RemovedFromStage;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequestCancelled;
import io.stagedoor.kernel.event.StageClosed;
import io.stagedoor.kernel.event.StageLeft;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.MeetingSettingsPatch;
import io.stagedoor.kernel.stage.PermissionsPatch;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.stagedoor.command.stage.StageFixtures.*;
import static io.stagedoor.kernel.command.TargetOutcome.changed;
import static io.stagedoor.kernel.command.TargetOutcome.unchanged;
import static io.stagedoor.kernel.command.UnchangedReason.ALREADY_ACCEPTED;
import static io.stagedoor.kernel.command.UnchangedReason.ALREADY_A_PARTICIPANT;
import static io.stagedoor.kernel.command.UnchangedReason.ALREADY_REQUESTED;
import static io.stagedoor.kernel.command.UnchangedReason.STAGE_FULL;
import static io.stagedoor.kernel.error.ErrorCode.MEETING_ENDED;
import static io.stagedoor.kernel.error.ErrorCode.PERMISSION_DENIED;
import static io.stagedoor.kernel.error.ErrorCode.REQUEST_QUEUE_FULL;
import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stage policies of SPEC §8 (issue 14), one test per rule, given/when/then: auto-admit under maxOnStage, grant
 * next, acceptance expiry, the request queue cap, presence loss and bulk add.
 * <p>
 * The usual cast (events 0..7) is given under the settings each test names; sequence numbers in the comments are the
 * meeting versions of the given events, which expiries and presence judgements name.
 */
class StagePoliciesTest {

    private static final Instant DUE = T0.plusSeconds(60);
    private static final Instant LATER = T0.plusSeconds(61);

    private AggregateTestFixture<Stage> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    // ---- givens and messages ----------------------------------------------------------------------------

    /** The usual cast (version 7) in a meeting created with {@code settings}, then {@code more} events. */
    private TestExecutor<Stage> given(MeetingSettings settings, Object... more) {
        Object[] cast = cast();
        cast[0] = created(settings);
        return fixture.givenCurrentTime(T0).andGiven(cast).andGiven(more);
    }

    private static MeetingSettings limit(Integer maxOnStage) {
        return new MeetingSettings(null, maxOnStage, null);
    }

    private static MeetingSettings autoAccept(Integer maxOnStage) {
        return new MeetingSettings(null, maxOnStage, null, true, null, null, null);
    }

    private static MeetingSettings acceptTimeout(Integer maxOnStage, boolean autoAccept, int seconds) {
        return new MeetingSettings(null, maxOnStage, null, autoAccept, seconds, null, null);
    }

    private static MeetingSettings queueCap(Integer maxOnStage, boolean autoAccept, int maxPendingRequests) {
        return new MeetingSettings(null, maxOnStage, null, autoAccept, null, maxPendingRequests, null);
    }

    private static MeetingSettings presenceGrace(Integer maxOnStage, boolean autoAccept, int seconds) {
        return new MeetingSettings(null, maxOnStage, null, autoAccept, null, null, seconds);
    }

    private static ChangeMeetingSettings change(Optional<Integer> maxOnStage, Optional<Boolean> autoAccept,
                                                Optional<Integer> maxPendingRequests) {
        return new ChangeMeetingSettings(MEETING,
                new MeetingSettingsPatch(null, maxOnStage, null, autoAccept, null, maxPendingRequests, null), SERVICE);
    }

    private static ChangeMeetingSettings maxOnStage(Integer max) {
        return change(Optional.ofNullable(max), null, null);
    }

    private static ChangeMeetingSettings turnAutoAccept(boolean on) {
        return change(null, Optional.of(on), null);
    }

    private static CommandOutcome outcome(long version, TargetOutcome... outcomes) {
        return new CommandOutcome(MEETING, version, List.of(outcomes));
    }

    private static MeetingOutcome settingsOutcome(long version, MeetingSettings settings, TargetOutcome... admitted) {
        return new MeetingOutcome(MEETING, version, settings, true, List.of(admitted));
    }

    private static TargetOutcome admittedOutcome(UserId userId) {
        return changed(userId, REQUESTED_TO_JOIN_STAGE, ACCEPTED_TO_JOIN_STAGE);
    }

    /** The engine grants a waiting request because a seat is free (no accept timeout). */
    private static StageAccessGranted admitted(UserId userId) {
        return admitted(userId, T0, null);
    }

    private static StageAccessGranted admitted(UserId userId, Instant at, Instant expiresAt) {
        return new StageAccessGranted(MEETING, userId, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, at, expiresAt,
                EngineReasons.AUTO_ACCEPT);
    }

    private static StageAccessGranted grantedBy(Actor actor, UserId userId, StageStatus from) {
        return new StageAccessGranted(MEETING, userId, from, actor, T0);
    }

    private static StageAccessRequestCancelled cancelled(UserId userId) {
        return new StageAccessRequestCancelled(MEETING, userId, as(userId), T0);
    }

    private static RemovedFromStage kicked(UserId userId, StageStatus from, StageStatus to) {
        return new RemovedFromStage(MEETING, userId, from, to, SERVICE, T0);
    }

    private static RemovedFromStage presenceLost(UserId userId, StageStatus from, StageStatus to) {
        return new RemovedFromStage(MEETING, userId, from, to, Actor.ENGINE, T0, EngineReasons.PRESENCE_LOST);
    }

    private static RequestStageAccess request(UserId userId) {
        return new RequestStageAccess(MEETING, userId, as(userId));
    }

    private static GrantStageAccess grant(Actor actor, UserId... users) {
        return new GrantStageAccess(MEETING, TargetUsers.listed(List.of(users)), actor);
    }

    private static GrantStageAccess grantNext(int count) {
        return new GrantStageAccess(MEETING, TargetUsers.oldest(count), as(HOST));
    }

    private static KickFromStage kick(UserId... users) {
        return new KickFromStage(MEETING, TargetUsers.listed(List.of(users)), SERVICE);
    }

    private static AddParticipants addAll(Actor actor, AddParticipants.Entry... entries) {
        return new AddParticipants(MEETING, List.of(entries), actor);
    }

    /** An entry named as {@link StageFixtures#added} names its participant: by its user id. */
    private static AddParticipants.Entry entry(UserId userId, Preset preset) {
        return new AddParticipants.Entry(userId, userId.value(), preset);
    }

    private static Object[] endedMeeting() {
        return new Object[]{new StageClosed(MEETING, HOST, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                new StageClosed(MEETING, PRESENTER, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                new MeetingEnded(MEETING, SERVICE, T0)};
    }

    // ---- autoAccept ---------------------------------------------------------------------------------------

    @Nested
    class AutoAccept {

        @Test
        void givenRoom_whenViewerRequests_thenRequestedAndGrantedByTheEngineAtOnce() {
            given(autoAccept(2))
                    .when(request(VIEWER))
                    .expectEvents(requested(VIEWER), admitted(VIEWER))
                    .expectResultMessagePayload(outcome(9, changed(VIEWER, OFF_STAGE, ACCEPTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenNoLimit_whenViewerRequests_thenGrantedAtOnce() {
            given(autoAccept(null))
                    .when(request(VIEWER))
                    .expectEvents(requested(VIEWER), admitted(VIEWER))
                    .expectResultMessagePayload(outcome(9, changed(VIEWER, OFF_STAGE, ACCEPTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenAcceptancesTakingEverySeat_whenViewerRequests_thenQueues() {
            given(autoAccept(2), joined(HOST), requested(VIEWER_2), admitted(VIEWER_2))
                    .when(request(VIEWER))
                    .expectEvents(requested(VIEWER))
                    .expectResultMessagePayload(outcome(11, changed(VIEWER, OFF_STAGE, REQUESTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenFullStageAndQueue_whenTheOnlySeatFrees_thenTheOldestRequestIsAdmitted() {
            // requested in another order than added: the queue is first come, first served
            given(autoAccept(1), joined(HOST), requested(VIEWER_3), requested(VIEWER), requested(VIEWER_2))
                    .when(kick(HOST))
                    .expectEvents(kicked(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE), admitted(VIEWER_3))
                    .expectResultMessagePayload(outcome(13, changed(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            admittedOutcome(VIEWER_3)));
        }

        @Test
        void givenFullStageAndQueue_whenSeatsFreeOneByOne_thenEachGoesToTheNextOldestRequest() {
            given(autoAccept(1), joined(HOST), requested(VIEWER_3), requested(VIEWER), requested(VIEWER_2))
                    .andGivenCommands(kick(HOST)) // 12, 13: VIEWER_3 admitted
                    .when(new LeaveStage(MEETING, VIEWER_3, as(VIEWER_3)))
                    .expectEvents(new StageLeft(MEETING, VIEWER_3, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE, as(VIEWER_3), T0),
                            admitted(VIEWER))
                    .expectResultMessagePayload(outcome(15, changed(VIEWER_3, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE),
                            admittedOutcome(VIEWER)));
        }

        @Test
        void givenFullStageAndQueue_whenTwoAreKickedAtOnce_thenTheTwoOldestRequestsAreAdmitted() {
            given(autoAccept(2), joined(HOST), joined(PRESENTER),
                    requested(VIEWER_2), requested(VIEWER), requested(VIEWER_3))
                    .when(kick(HOST, PRESENTER))
                    .expectEvents(kicked(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            kicked(PRESENTER, ON_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            admitted(VIEWER_2), admitted(VIEWER))
                    .expectResultMessagePayload(outcome(16,
                            changed(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            changed(PRESENTER, ON_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            admittedOutcome(VIEWER_2), admittedOutcome(VIEWER)));
        }

        @Test
        void givenKickNamingAWaitingRequest_whenASeatFrees_thenItsOutcomeIsTheAdmission() {
            given(autoAccept(1), joined(HOST), requested(VIEWER))
                    .when(kick(HOST, VIEWER))
                    .expectEvents(kicked(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE), admitted(VIEWER))
                    .expectResultMessagePayload(outcome(11, changed(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            admittedOutcome(VIEWER)));
        }

        @Test
        void givenAnAcceptanceHoldingTheOnlySeat_whenDenied_thenTheNextRequestIsAdmitted() {
            given(autoAccept(1), requested(VIEWER), admitted(VIEWER), requested(VIEWER_2))
                    .when(new DenyStageAccess(MEETING, TargetUsers.listed(List.of(VIEWER)), as(HOST)))
                    .expectEvents(new StageAccessDenied(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, as(HOST), T0),
                            admitted(VIEWER_2))
                    .expectResultMessagePayload(outcome(12, changed(VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE),
                            admittedOutcome(VIEWER_2)));
        }

        @Test
        void givenFullStage_whenARequestIsDenied_thenNoSeatFreesAndTheQueueWaits() {
            given(autoAccept(1), joined(HOST), requested(VIEWER), requested(VIEWER_2))
                    .when(new DenyStageAccess(MEETING, TargetUsers.listed(List.of(VIEWER)), as(HOST)))
                    .expectEvents(new StageAccessDenied(MEETING, VIEWER, REQUESTED_TO_JOIN_STAGE, as(HOST), T0))
                    .expectResultMessagePayload(outcome(11, changed(VIEWER, REQUESTED_TO_JOIN_STAGE, OFF_STAGE)));
        }

        @Test
        void givenParticipantOnTheOnlySeat_whenItLeavesTheMeeting_thenTheNextRequestIsAdmitted() {
            given(autoAccept(1), joined(HOST), requested(VIEWER))
                    .when(new RemoveParticipant(MEETING, HOST, as(HOST)))
                    .expectEvents(new ParticipantRemoved(MEETING, HOST, ON_STAGE, as(HOST), T0), admitted(VIEWER))
                    .expectResultMessagePayload(outcome(11, new TargetOutcome(HOST, ON_STAGE, null, true, null),
                            admittedOutcome(VIEWER)));
        }

        @Test
        void givenAcceptanceHoldingTheOnlySeat_whenItsParticipantIsRemoved_thenTheNextRequestIsAdmitted() {
            given(autoAccept(1), requested(VIEWER), admitted(VIEWER), requested(VIEWER_2))
                    .when(new RemoveParticipant(MEETING, VIEWER, SERVICE))
                    .expectEvents(new ParticipantRemoved(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                            admitted(VIEWER_2))
                    .expectResultMessagePayload(outcome(12,
                            new TargetOutcome(VIEWER, ACCEPTED_TO_JOIN_STAGE, null, true, null),
                            admittedOutcome(VIEWER_2)));
        }

        @Test
        void givenAcceptanceHoldingTheOnlySeat_whenItsParticipantBecomesNotAllowed_thenTheNextRequestIsAdmitted() {
            StagePermissions notAllowed = new StagePermissions(true, StageAccess.NOT_ALLOWED, false, false);
            given(autoAccept(1), requested(VIEWER), admitted(VIEWER), requested(VIEWER_2))
                    .when(new ChangeParticipantPermissions(MEETING, VIEWER,
                            new PermissionsPatch(null, StageAccess.NOT_ALLOWED, null, null), SERVICE))
                    .expectEvents(new ParticipantPermissionsChanged(MEETING, VIEWER, BuiltInPresets.WEBINAR_VIEWER.name(),
                                    notAllowed, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE, SERVICE, T0),
                            admitted(VIEWER_2));
        }

        @Test
        void givenAutoAcceptOffWithAQueue_whenTurnedOn_thenAsManyAsThereIsRoomForAreAdmittedOldestFirst() {
            given(limit(3), joined(HOST), requested(VIEWER_3), requested(VIEWER), requested(VIEWER_2))
                    .when(turnAutoAccept(true))
                    .expectEvents(new MeetingSettingsChanged(MEETING, autoAccept(3), SERVICE, T0),
                            admitted(VIEWER_3), admitted(VIEWER))
                    .expectResultMessagePayload(settingsOutcome(14, autoAccept(3),
                            admittedOutcome(VIEWER_3), admittedOutcome(VIEWER)));
        }

        @Test
        void givenAutoAcceptOffWithAQueueAndNoLimit_whenTurnedOn_thenEveryRequestIsAdmitted() {
            given(limit(null), requested(VIEWER), requested(VIEWER_2))
                    .when(turnAutoAccept(true))
                    .expectEvents(new MeetingSettingsChanged(MEETING, autoAccept(null), SERVICE, T0),
                            admitted(VIEWER), admitted(VIEWER_2))
                    .expectResultMessagePayload(settingsOutcome(12, autoAccept(null),
                            admittedOutcome(VIEWER), admittedOutcome(VIEWER_2)));
        }

        @Test
        void givenFullStageAndQueue_whenMaxOnStageIsRaised_thenTheFreedSeatsGoToTheOldestRequests() {
            given(autoAccept(1), joined(HOST), requested(VIEWER), requested(VIEWER_2), requested(VIEWER_3))
                    .when(maxOnStage(3))
                    .expectEvents(new MeetingSettingsChanged(MEETING, autoAccept(3), SERVICE, T0),
                            admitted(VIEWER), admitted(VIEWER_2))
                    .expectResultMessagePayload(settingsOutcome(14, autoAccept(3),
                            admittedOutcome(VIEWER), admittedOutcome(VIEWER_2)));
        }

        @Test
        void givenMaxOnStageLowered_whenRaisedAgain_thenTheSeatGoesToTheOldestRequest() {
            given(autoAccept(2), joined(HOST), new MeetingSettingsChanged(MEETING, autoAccept(1), SERVICE, T0),
                    requested(VIEWER_2), requested(VIEWER))
                    .when(maxOnStage(2))
                    .expectEvents(new MeetingSettingsChanged(MEETING, autoAccept(2), SERVICE, T0), admitted(VIEWER_2))
                    .expectResultMessagePayload(settingsOutcome(13, autoAccept(2), admittedOutcome(VIEWER_2)));
        }

        @Test
        void givenFullStageAndQueue_whenTheLimitIsCleared_thenEveryRequestIsAdmitted() {
            given(autoAccept(1), joined(HOST), requested(VIEWER), requested(VIEWER_2))
                    .when(maxOnStage(null))
                    .expectEvents(new MeetingSettingsChanged(MEETING, autoAccept(null), SERVICE, T0),
                            admitted(VIEWER), admitted(VIEWER_2));
        }

        @Test
        void givenAutoAcceptOnWithAQueue_whenTurnedOff_thenNobodyIsAdmitted() {
            given(autoAccept(1), joined(HOST), requested(VIEWER))
                    .when(turnAutoAccept(false))
                    .expectEvents(new MeetingSettingsChanged(MEETING, limit(1), SERVICE, T0))
                    .expectResultMessagePayload(settingsOutcome(10, limit(1)));
        }

        @Test
        void givenAcceptancesHoldingSeats_whenMaxOnStageLoweredBelowOnStagePlusAccepted_thenRejectedWith2006() {
            given(autoAccept(3), joined(HOST), requested(VIEWER), admitted(VIEWER))
                    .when(maxOnStage(1))
                    .expectException(violates(ErrorCode.STAGE_FULL))
                    .expectNoEvents();
        }

        @Test
        void givenAcceptancesHoldingSeats_whenMaxOnStageLoweredToOnStagePlusAccepted_thenLowered() {
            given(autoAccept(3), joined(HOST), requested(VIEWER), admitted(VIEWER))
                    .when(maxOnStage(2))
                    .expectEvents(new MeetingSettingsChanged(MEETING, autoAccept(2), SERVICE, T0))
                    .expectResultMessagePayload(settingsOutcome(11, autoAccept(2)));
        }

        @Test
        void givenAutoAcceptOff_whenMaxOnStageLoweredBelowOnStagePlusAccepted_thenLoweredAsOnlyOnStageCounts() {
            given(limit(3), joined(HOST), grantedBy(SERVICE, VIEWER, OFF_STAGE))
                    .when(maxOnStage(1))
                    .expectEvents(new MeetingSettingsChanged(MEETING, limit(1), SERVICE, T0));
        }

        @Test
        void givenMoreOnStageAndAcceptedThanMaxOnStage_whenAutoAcceptTurnedOn_thenRejectedWith2006() {
            given(limit(1), joined(HOST), grantedBy(SERVICE, VIEWER, OFF_STAGE))
                    .when(turnAutoAccept(true))
                    .expectException(violates(ErrorCode.STAGE_FULL))
                    .expectNoEvents();
        }

        @Test
        void givenFullStage_whenHostGrants_thenUnchangedStageFull() {
            given(autoAccept(1), joined(HOST), requested(VIEWER))
                    .when(grant(as(HOST), VIEWER, VIEWER_3))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(9,
                            unchanged(VIEWER, REQUESTED_TO_JOIN_STAGE, STAGE_FULL),
                            unchanged(VIEWER_3, OFF_STAGE, STAGE_FULL)));
        }

        @Test
        void givenFullStage_whenHostGrantsAllPending_thenEachUnchangedStageFull() {
            given(autoAccept(1), joined(HOST), requested(VIEWER), requested(VIEWER_2))
                    .when(new GrantStageAccess(MEETING, TargetUsers.allPending(), as(HOST)))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(10,
                            unchanged(VIEWER, REQUESTED_TO_JOIN_STAGE, STAGE_FULL),
                            unchanged(VIEWER_2, REQUESTED_TO_JOIN_STAGE, STAGE_FULL)));
        }

        @Test
        void givenTwoFreeSeats_whenHostInvitesThree_thenTwoInvitedAndTheLastUnchangedStageFull() {
            // the presenter needs no seat to stay accepted: it does not use one of the two
            given(autoAccept(2))
                    .when(grant(as(HOST), PRESENTER, VIEWER, VIEWER_2, VIEWER_3))
                    .expectEvents(grantedBy(as(HOST), VIEWER, OFF_STAGE), grantedBy(as(HOST), VIEWER_2, OFF_STAGE))
                    .expectResultMessagePayload(outcome(9,
                            unchanged(PRESENTER, ACCEPTED_TO_JOIN_STAGE, ALREADY_ACCEPTED),
                            changed(VIEWER, OFF_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            changed(VIEWER_2, OFF_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            unchanged(VIEWER_3, OFF_STAGE, STAGE_FULL)));
        }

        @Test
        void givenAutoAcceptOffAndFullStage_whenHostGrantsAllPending_thenAllGrantedUnbounded() {
            given(limit(1), joined(HOST), requested(VIEWER), requested(VIEWER_2))
                    .when(new GrantStageAccess(MEETING, TargetUsers.allPending(), as(HOST)))
                    .expectEvents(grantedBy(as(HOST), VIEWER, REQUESTED_TO_JOIN_STAGE),
                            grantedBy(as(HOST), VIEWER_2, REQUESTED_TO_JOIN_STAGE));
        }

        @Test
        void givenEverySeatHeldByAnAcceptance_whenAllowedParticipantJoins_thenRejectedWith2006() {
            given(autoAccept(1), requested(VIEWER), admitted(VIEWER))
                    .when(new JoinStage(MEETING, HOST, as(HOST)))
                    .expectException(violates(ErrorCode.STAGE_FULL))
                    .expectNoEvents();
        }

        @Test
        void givenAFreeSeat_whenAllowedParticipantJoins_thenOnStage() {
            given(autoAccept(2), requested(VIEWER), admitted(VIEWER))
                    .when(new JoinStage(MEETING, HOST, as(HOST)))
                    .expectEvents(joined(HOST))
                    .expectResultMessagePayload(outcome(10, changed(HOST, ACCEPTED_TO_JOIN_STAGE, ON_STAGE)));
        }

        @Test
        void givenEverySeatHeldByAnAcceptance_whenTheAcceptedViewerJoins_thenOnStageOnTheSeatItHeld() {
            given(autoAccept(1), requested(VIEWER), admitted(VIEWER))
                    .when(new JoinStage(MEETING, VIEWER, as(VIEWER)))
                    .expectEvents(joined(VIEWER));
        }

        @Test
        void givenAutoAcceptOffAndEverySeatHeldByAnAcceptance_whenAllowedParticipantJoins_thenOnStage() {
            given(limit(1), grantedBy(SERVICE, VIEWER, OFF_STAGE))
                    .when(new JoinStage(MEETING, HOST, as(HOST)))
                    .expectEvents(joined(HOST));
        }
    }

    // ---- grant next ---------------------------------------------------------------------------------------

    @Nested
    class GrantNext {

        @Test
        void givenThreeRequests_whenNextTwoGranted_thenTheTwoOldestAreAccepted() {
            given(limit(null), requested(VIEWER_3), requested(VIEWER), requested(VIEWER_2))
                    .when(grantNext(2))
                    .expectEvents(grantedBy(as(HOST), VIEWER_3, REQUESTED_TO_JOIN_STAGE),
                            grantedBy(as(HOST), VIEWER, REQUESTED_TO_JOIN_STAGE))
                    .expectResultMessagePayload(outcome(12, admittedOutcome(VIEWER_3), admittedOutcome(VIEWER)));
        }

        @Test
        void givenTwoRequests_whenNextFiveGranted_thenBothAreAccepted() {
            given(limit(null), requested(VIEWER_2), requested(VIEWER))
                    .when(grantNext(5))
                    .expectEvents(grantedBy(as(HOST), VIEWER_2, REQUESTED_TO_JOIN_STAGE),
                            grantedBy(as(HOST), VIEWER, REQUESTED_TO_JOIN_STAGE))
                    .expectResultMessagePayload(outcome(11, admittedOutcome(VIEWER_2), admittedOutcome(VIEWER)));
        }

        @Test
        void givenOneFreeSeatCountingAcceptances_whenNextThreeGranted_thenOneAcceptedAndTheRestStageFull() {
            // maxOnStage 3: the host on stage and the invited viewer's acceptance hold two seats
            given(limit(3), joined(HOST), grantedBy(SERVICE, VIEWER_3, OFF_STAGE), requested(VIEWER), requested(VIEWER_2))
                    .when(grantNext(3))
                    .expectEvents(grantedBy(as(HOST), VIEWER, REQUESTED_TO_JOIN_STAGE))
                    .expectResultMessagePayload(outcome(12, admittedOutcome(VIEWER),
                            unchanged(VIEWER_2, REQUESTED_TO_JOIN_STAGE, STAGE_FULL)));
        }

        @Test
        void givenFullStage_whenNextGranted_thenEveryOldestUnchangedStageFull() {
            given(limit(1), joined(HOST), requested(VIEWER), requested(VIEWER_2))
                    .when(grantNext(2))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(10,
                            unchanged(VIEWER, REQUESTED_TO_JOIN_STAGE, STAGE_FULL),
                            unchanged(VIEWER_2, REQUESTED_TO_JOIN_STAGE, STAGE_FULL)));
        }

        @Test
        void givenFullStageUnderAutoAccept_whenNextGranted_thenUnchangedStageFull() {
            given(autoAccept(1), joined(HOST), requested(VIEWER))
                    .when(grantNext(1))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(9,
                            unchanged(VIEWER, REQUESTED_TO_JOIN_STAGE, STAGE_FULL)));
        }

        @Test
        void givenNoRequest_whenNextGranted_thenNothingChanges() {
            given(limit(2))
                    .when(grantNext(3))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(7));
        }

        @Test
        void givenViewerActor_whenGrantsNext_thenRejectedWith2003() {
            given(limit(null), requested(VIEWER_2))
                    .when(new GrantStageAccess(MEETING, TargetUsers.oldest(1), as(VIEWER)))
                    .expectException(violates(PERMISSION_DENIED))
                    .expectNoEvents();
        }

        @Test
        void whenNextIsOutOfRange_thenInvalidInput() {
            assertThatThrownBy(() -> TargetUsers.oldest(0)).isInstanceOf(InvalidInput.class);
            assertThatThrownBy(() -> TargetUsers.oldest(1001)).isInstanceOf(InvalidInput.class);
        }
    }

    // ---- acceptance expiry --------------------------------------------------------------------------------

    /** The engine fires an acceptance's expiry at its {@code expiresAt}, naming the grant's version. */
    @Nested
    class AcceptanceExpiry {

        private final StageAccessGranted grantWithExpiry =
                new StageAccessGranted(MEETING, VIEWER, OFF_STAGE, as(HOST), T0, DUE, null);

        private final StageAccessDenied expired =
                new StageAccessDenied(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, Actor.ENGINE, DUE, EngineReasons.ACCEPTANCE_EXPIRED);

        @Test
        void givenAcceptTimeout_whenHostGrants_thenTheAcceptanceExpiresAtTimeout() {
            given(acceptTimeout(null, false, 60))
                    .when(grant(as(HOST), VIEWER))
                    .expectEvents(grantWithExpiry);
        }

        @Test
        void givenAcceptTimeout_whenTheEngineAdmits_thenTheAcceptanceExpiresAtTimeout() {
            given(acceptTimeout(null, true, 60))
                    .when(request(VIEWER))
                    .expectEvents(requested(VIEWER), admitted(VIEWER, T0, DUE));
        }

        @Test
        void givenAcceptance_whenItsExpiryFires_thenOffAtItsDueTimeWithReason() {
            given(acceptTimeout(null, false, 60), grantWithExpiry) // 8
                    .andGivenCurrentTime(LATER)
                    .when(new ExpireStageAcceptance(MEETING, VIEWER, 8, DUE))
                    .expectEvents(expired)
                    .expectResultMessagePayload(outcome(9, changed(VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE)));
        }

        @Test
        void givenAdmittedRequestAndQueue_whenTheAcceptanceExpires_thenTheNextRequestIsAdmitted() {
            given(acceptTimeout(1, true, 60),
                    requested(VIEWER), admitted(VIEWER, T0, DUE), requested(VIEWER_2)) // 8, 9, 10
                    .andGivenCurrentTime(LATER)
                    .when(new ExpireStageAcceptance(MEETING, VIEWER, 9, DUE))
                    .expectEvents(expired, admitted(VIEWER_2, LATER, LATER.plusSeconds(60)))
                    .expectResultMessagePayload(outcome(12, changed(VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE),
                            admittedOutcome(VIEWER_2)));
        }

        @Test
        void givenAcceptanceUsedToJoin_whenItsExpiryFires_thenNothingChanges() {
            given(acceptTimeout(null, false, 60), grantWithExpiry, joined(VIEWER))
                    .andGivenCurrentTime(LATER)
                    .when(new ExpireStageAcceptance(MEETING, VIEWER, 8, DUE))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(9));
        }

        @Test
        void givenAcceptanceWithdrawn_whenItsExpiryFires_thenNothingChanges() {
            given(acceptTimeout(null, false, 60), grantWithExpiry,
                    new StageAccessDenied(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, as(HOST), T0))
                    .andGivenCurrentTime(LATER)
                    .when(new ExpireStageAcceptance(MEETING, VIEWER, 8, DUE))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(9));
        }

        @Test
        void givenAcceptanceDeclinedThenGrantedAgain_whenTheFirstExpiryFires_thenNothingChanges() {
            given(acceptTimeout(null, false, 60), grantWithExpiry, // 8
                    new StageLeft(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE, as(VIEWER), T0), // 9
                    new StageAccessGranted(MEETING, VIEWER, OFF_STAGE, as(HOST), T0.plusSeconds(30),
                            T0.plusSeconds(90), null)) // 10
                    .andGivenCurrentTime(LATER)
                    .when(new ExpireStageAcceptance(MEETING, VIEWER, 8, DUE))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(10));
        }

        @Test
        void givenAcceptanceDeclinedThenGrantedAgain_whenTheSecondExpiryFires_thenItExpires() {
            given(acceptTimeout(null, false, 60), grantWithExpiry,
                    new StageLeft(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE, as(VIEWER), T0),
                    new StageAccessGranted(MEETING, VIEWER, OFF_STAGE, as(HOST), T0.plusSeconds(30),
                            T0.plusSeconds(90), null))
                    .andGivenCurrentTime(T0.plusSeconds(91))
                    .when(new ExpireStageAcceptance(MEETING, VIEWER, 10, T0.plusSeconds(90)))
                    .expectEvents(new StageAccessDenied(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, Actor.ENGINE,
                            T0.plusSeconds(90), EngineReasons.ACCEPTANCE_EXPIRED));
        }

        @Test
        void givenAllowedParticipantAtRest_whenAnExpiryNamesIt_thenNothingChanges() {
            given(acceptTimeout(null, false, 60))
                    .when(new ExpireStageAcceptance(MEETING, HOST, 1, DUE))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(7));
        }

        @Test
        void givenMeetingEndedWithAnAcceptance_whenItsExpiryFires_thenNothingChanges() {
            given(acceptTimeout(null, false, 60), grantWithExpiry,
                    new StageClosed(MEETING, HOST, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                    new StageClosed(MEETING, PRESENTER, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                    new StageClosed(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                    new MeetingEnded(MEETING, SERVICE, T0))
                    .andGivenCurrentTime(LATER)
                    .when(new ExpireStageAcceptance(MEETING, VIEWER, 8, DUE))
                    .expectNoEvents()
                    .expectSuccessfulHandlerExecution();
        }
    }

    // ---- request queue cap --------------------------------------------------------------------------------

    @Nested
    class QueueCap {

        @Test
        void givenQueueBelowTheCap_whenViewerRequests_thenQueues() {
            given(queueCap(null, false, 2), requested(VIEWER))
                    .when(request(VIEWER_2))
                    .expectEvents(requested(VIEWER_2));
        }

        @Test
        void givenQueueAtTheCap_whenAnotherViewerRequests_thenRejectedWith2016() {
            given(queueCap(null, false, 2), requested(VIEWER), requested(VIEWER_2))
                    .when(request(VIEWER_3))
                    .expectException(violates(REQUEST_QUEUE_FULL))
                    .expectNoEvents();
        }

        @Test
        void givenQueueAtTheCap_whenAQueuedViewerRequestsAgain_thenUnchanged() {
            given(queueCap(null, false, 1), requested(VIEWER))
                    .when(request(VIEWER))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(8, unchanged(VIEWER, REQUESTED_TO_JOIN_STAGE, ALREADY_REQUESTED)));
        }

        @Test
        void givenQueueAtTheCap_whenARequestLeavesIt_thenAnotherMayQueue() {
            given(queueCap(null, false, 1), requested(VIEWER), cancelled(VIEWER))
                    .when(request(VIEWER_2))
                    .expectEvents(requested(VIEWER_2));
        }

        @Test
        void givenFullStageUnderAutoAcceptAndQueueAtTheCap_whenAnotherViewerRequests_thenRejectedWith2016() {
            given(queueCap(1, true, 1), joined(HOST), requested(VIEWER))
                    .when(request(VIEWER_2))
                    .expectException(violates(REQUEST_QUEUE_FULL))
                    .expectNoEvents();
        }

        @Test
        void givenQueueOfTwo_whenTheCapIsLoweredToOne_thenLoweredAndTheQueueKept() {
            given(queueCap(null, false, 3), requested(VIEWER), requested(VIEWER_2))
                    .when(change(null, null, Optional.of(1)))
                    .expectEvents(new MeetingSettingsChanged(MEETING, queueCap(null, false, 1), SERVICE, T0))
                    .expectResultMessagePayload(settingsOutcome(10, queueCap(null, false, 1)));
        }

        @Test
        void givenQueueAboveALoweredCap_whenAnotherViewerRequests_thenRejectedWith2016() {
            given(queueCap(null, false, 3), requested(VIEWER), requested(VIEWER_2),
                    new MeetingSettingsChanged(MEETING, queueCap(null, false, 1), SERVICE, T0))
                    .when(request(VIEWER_3))
                    .expectException(violates(REQUEST_QUEUE_FULL));
        }
    }

    // ---- presence loss ------------------------------------------------------------------------------------

    /** The engine judges a participant absent, naming the version since which it holds what it holds. */
    @Nested
    class PresenceLoss {

        @Test
        void givenPendingRequest_whenPresenceLost_thenRequestCancelledWithReason() {
            given(presenceGrace(null, false, 30), requested(VIEWER)) // 8
                    .when(new LosePresence(MEETING, VIEWER, 8))
                    .expectEvents(new StageAccessRequestCancelled(MEETING, VIEWER, Actor.ENGINE, T0,
                            EngineReasons.PRESENCE_LOST))
                    .expectResultMessagePayload(outcome(9, changed(VIEWER, REQUESTED_TO_JOIN_STAGE, OFF_STAGE)));
        }

        @Test
        void givenViewerAccepted_whenPresenceLost_thenAcceptanceReleasedToOff() {
            given(presenceGrace(null, false, 30), grantedBy(SERVICE, VIEWER, OFF_STAGE)) // 8
                    .when(new LosePresence(MEETING, VIEWER, 8))
                    .expectEvents(presenceLost(VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE))
                    .expectResultMessagePayload(outcome(9, changed(VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE)));
        }

        @Test
        void givenViewerOnStage_whenPresenceLost_thenOffStage() {
            given(presenceGrace(null, false, 30), grantedBy(SERVICE, VIEWER, OFF_STAGE), joined(VIEWER)) // 8, 9
                    .when(new LosePresence(MEETING, VIEWER, 9))
                    .expectEvents(presenceLost(VIEWER, ON_STAGE, OFF_STAGE))
                    .expectResultMessagePayload(outcome(10, changed(VIEWER, ON_STAGE, OFF_STAGE)));
        }

        @Test
        void givenAllowedParticipantOnStage_whenPresenceLost_thenRestsAtAccepted() {
            given(presenceGrace(null, false, 30), joined(HOST)) // 8
                    .when(new LosePresence(MEETING, HOST, 8))
                    .expectEvents(presenceLost(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE))
                    .expectResultMessagePayload(outcome(9, changed(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenTheOnlySeatAndAQueueUnderAutoAccept_whenItsHolderLosesPresence_thenTheNextRequestIsAdmitted() {
            given(presenceGrace(1, true, 30), joined(HOST), requested(VIEWER)) // 8, 9
                    .when(new LosePresence(MEETING, HOST, 8))
                    .expectEvents(presenceLost(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE), admitted(VIEWER))
                    .expectResultMessagePayload(outcome(11, changed(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            admittedOutcome(VIEWER)));
        }

        @Test
        void givenRequestCancelledAndMadeAgain_whenPresenceLostSinceTheFirst_thenNothingChanges() {
            given(presenceGrace(null, false, 30), requested(VIEWER), cancelled(VIEWER), requested(VIEWER)) // 8, 9, 10
                    .when(new LosePresence(MEETING, VIEWER, 8))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(10));
        }

        @Test
        void givenViewerJoinedSinceItWasJudged_whenPresenceLostSinceItsAcceptance_thenNothingChanges() {
            given(presenceGrace(null, false, 30), grantedBy(SERVICE, VIEWER, OFF_STAGE), joined(VIEWER)) // 8, 9
                    .when(new LosePresence(MEETING, VIEWER, 8))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(9));
        }

        @Test
        void givenNoPresenceGrace_whenPresenceLost_thenNothingChanges() {
            given(limit(null), requested(VIEWER)) // 8
                    .when(new LosePresence(MEETING, VIEWER, 8))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(8));
        }

        @Test
        void givenAllowedParticipantAtRest_whenPresenceLost_thenNothingChanges() {
            given(presenceGrace(null, false, 30))
                    .when(new LosePresence(MEETING, HOST, 1))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(7));
        }

        @Test
        void givenViewerOffStage_whenPresenceLost_thenNothingChanges() {
            given(presenceGrace(null, false, 30))
                    .when(new LosePresence(MEETING, VIEWER, 3))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(7));
        }

        @Test
        void givenUserNotInTheMeeting_whenPresenceLost_thenNothingChanges() {
            given(presenceGrace(null, false, 30))
                    .when(new LosePresence(MEETING, STRANGER, 7))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(7));
        }

        @Test
        void givenEndedMeeting_whenPresenceLost_thenNothingChanges() {
            given(presenceGrace(null, false, 30), endedMeeting())
                    .when(new LosePresence(MEETING, HOST, 8))
                    .expectNoEvents()
                    .expectSuccessfulHandlerExecution();
        }
    }

    // ---- bulk add -----------------------------------------------------------------------------------------

    @Nested
    class BulkAdd {

        @Test
        void givenMeeting_whenParticipantsAddedInBulk_thenEachAddedAtItsRestingStatusInOrder() {
            fixture.givenCurrentTime(T0).andGiven(created())
                   .when(addAll(SERVICE, entry(HOST, BuiltInPresets.WEBINAR_HOST), entry(VIEWER, BuiltInPresets.WEBINAR_VIEWER),
                           entry(PRESENTER, BuiltInPresets.WEBINAR_PRESENTER)))
                   .expectEvents(added(HOST, BuiltInPresets.WEBINAR_HOST), added(VIEWER, BuiltInPresets.WEBINAR_VIEWER),
                           added(PRESENTER, BuiltInPresets.WEBINAR_PRESENTER))
                   .expectResultMessagePayload(outcome(3, changed(HOST, null, ACCEPTED_TO_JOIN_STAGE),
                           changed(VIEWER, null, OFF_STAGE), changed(PRESENTER, null, ACCEPTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenParticipants_whenAddedInBulk_thenOneOutcomePerEntryAddedUnchangedOrPermissionsChanged() {
            given(limit(null))
                    .when(addAll(SERVICE, entry(VIEWER, BuiltInPresets.WEBINAR_VIEWER),
                            entry(VIEWER_2, BuiltInPresets.WEBINAR_HOST), entry(STRANGER, BuiltInPresets.LIVESTREAM_VIEWER)))
                    .expectEvents(new ParticipantPermissionsChanged(MEETING, VIEWER_2, BuiltInPresets.WEBINAR_HOST.name(),
                                    BuiltInPresets.WEBINAR_HOST.permissions(), OFF_STAGE, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                            added(STRANGER, BuiltInPresets.LIVESTREAM_VIEWER))
                    .expectResultMessagePayload(outcome(9,
                            unchanged(VIEWER, OFF_STAGE, ALREADY_A_PARTICIPANT),
                            changed(VIEWER_2, OFF_STAGE, ACCEPTED_TO_JOIN_STAGE),
                            changed(STRANGER, null, OFF_STAGE)));
        }

        @Test
        void givenParticipants_whenAllAddedAgainWithTheirPresets_thenNothingAppended() {
            given(limit(null))
                    .when(addAll(SERVICE, entry(HOST, BuiltInPresets.WEBINAR_HOST), entry(VIEWER, BuiltInPresets.WEBINAR_VIEWER)))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(7, unchanged(HOST, ACCEPTED_TO_JOIN_STAGE, ALREADY_A_PARTICIPANT),
                            unchanged(VIEWER, OFF_STAGE, ALREADY_A_PARTICIPANT)));
        }

        @Test
        void givenHostParticipant_whenItAddsInBulk_thenAdded() {
            given(limit(null))
                    .when(addAll(as(HOST), entry(STRANGER, BuiltInPresets.WEBINAR_VIEWER)))
                    .expectEvents(new ParticipantAdded(MEETING, STRANGER, STRANGER.value(),
                            BuiltInPresets.WEBINAR_VIEWER.name(), BuiltInPresets.WEBINAR_VIEWER.permissions(), OFF_STAGE,
                            as(HOST), T0));
        }

        @Test
        void givenViewerActor_whenAddsInBulk_thenRejectedWith2003AndNothingApplied() {
            given(limit(null))
                    .when(addAll(as(VIEWER), entry(STRANGER, BuiltInPresets.WEBINAR_VIEWER),
                            entry(VIEWER_2, BuiltInPresets.WEBINAR_HOST)))
                    .expectException(violates(PERMISSION_DENIED))
                    .expectNoEvents();
        }

        @Test
        void givenEndedMeeting_whenAddedInBulk_thenRejectedWith2008AndNothingApplied() {
            given(limit(null), endedMeeting())
                    .when(addAll(SERVICE, entry(STRANGER, BuiltInPresets.WEBINAR_VIEWER)))
                    .expectException(violates(MEETING_ENDED))
                    .expectNoEvents();
        }

        @Test
        void givenAnAcceptanceHoldingTheOnlySeat_whenBulkAddBarsItsParticipant_thenTheNextRequestIsAdmittedAfterTheEntries() {
            given(autoAccept(1), requested(VIEWER), admitted(VIEWER), requested(VIEWER_2)) // 8, 9, 10
                    .when(addAll(SERVICE, entry(VIEWER, NOT_ALLOWED_VIEWER), entry(STRANGER, BuiltInPresets.WEBINAR_VIEWER)))
                    .expectEvents(new ParticipantPermissionsChanged(MEETING, VIEWER, NOT_ALLOWED_VIEWER.name(),
                                    NOT_ALLOWED_VIEWER.permissions(), ACCEPTED_TO_JOIN_STAGE, OFF_STAGE, SERVICE, T0),
                            added(STRANGER, BuiltInPresets.WEBINAR_VIEWER),
                            admitted(VIEWER_2))
                    .expectResultMessagePayload(outcome(13, changed(VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE),
                            changed(STRANGER, null, OFF_STAGE), admittedOutcome(VIEWER_2)));
        }

        @Test
        void givenMeeting_whenAThousandAreAddedInBulk_thenAThousandOutcomesInOrder() {
            List<AddParticipants.Entry> entries = IntStream.range(0, AddParticipants.MAX_PARTICIPANTS)
                                                           .mapToObj(i -> entry(UserId.of("u" + i), BuiltInPresets.WEBINAR_VIEWER))
                                                           .toList();
            fixture.givenCurrentTime(T0).andGiven(created())
                   .when(new AddParticipants(MEETING, entries, SERVICE))
                   .expectSuccessfulHandlerExecution()
                   .expectResultMessagePayloadMatching(new TypeSafeMatcher<CommandOutcome>() {
                       @Override
                       protected boolean matchesSafely(CommandOutcome outcome) {
                           List<TargetOutcome> expected = new ArrayList<>();
                           entries.forEach(entry -> expected.add(changed(entry.userId(), null, OFF_STAGE)));
                           return outcome.version() == AddParticipants.MAX_PARTICIPANTS
                                   && outcome.outcomes().equals(expected);
                       }

                       @Override
                       public void describeTo(Description description) {
                           description.appendText("a thousand participants added, in order");
                       }
                   });
        }

        @Test
        void givenNoEntryMoreThanAThousandANullOrAUserTwice_whenBuilt_thenInvalidInput() {
            List<AddParticipants.Entry> tooMany = IntStream.rangeClosed(0, AddParticipants.MAX_PARTICIPANTS)
                                                           .mapToObj(i -> entry(UserId.of("u" + i), BuiltInPresets.WEBINAR_VIEWER))
                                                           .toList();
            assertThat(tooMany).hasSize(1001);
            assertThatThrownBy(() -> new AddParticipants(MEETING, tooMany, SERVICE)).isInstanceOf(InvalidInput.class);
            assertThatThrownBy(() -> addAll(SERVICE, entry(VIEWER, BuiltInPresets.WEBINAR_VIEWER),
                    entry(VIEWER, BuiltInPresets.WEBINAR_HOST))).isInstanceOf(InvalidInput.class);
            assertThatThrownBy(() -> new AddParticipants(MEETING, List.of(), SERVICE)).isInstanceOf(InvalidInput.class);
            assertThatThrownBy(() -> new AddParticipants(MEETING, Arrays.asList(entry(VIEWER, BuiltInPresets.WEBINAR_VIEWER), null),
                    SERVICE)).isInstanceOf(InvalidInput.class);
        }
    }
}
