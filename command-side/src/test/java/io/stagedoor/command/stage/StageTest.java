package io.stagedoor.command.stage;

import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.CancelStageAccessRequest;
import io.stagedoor.kernel.command.ChangeMeetingSettings;
import io.stagedoor.kernel.command.ChangeParticipantPermissions;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.DenyStageAccess;
import io.stagedoor.kernel.command.EndMeeting;
import io.stagedoor.kernel.command.ExpireStageRequest;
import io.stagedoor.kernel.command.GrantStageAccess;
import io.stagedoor.kernel.command.JoinStage;
import io.stagedoor.kernel.command.KickFromStage;
import io.stagedoor.kernel.command.LeaveStage;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.command.RemoveParticipant;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.command.TargetUsers;
import io.stagedoor.kernel.command.UnchangedReason;
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
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.MeetingSettingsPatch;
import io.stagedoor.kernel.stage.PermissionsPatch;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.stagedoor.command.stage.StageFixtures.*;
import static io.stagedoor.kernel.command.TargetOutcome.changed;
import static io.stagedoor.kernel.command.TargetOutcome.unchanged;
import static io.stagedoor.kernel.command.UnchangedReason.ALREADY_ACCEPTED;
import static io.stagedoor.kernel.command.UnchangedReason.ALREADY_A_PARTICIPANT;
import static io.stagedoor.kernel.command.UnchangedReason.ALREADY_ON_STAGE;
import static io.stagedoor.kernel.command.UnchangedReason.ALREADY_REQUESTED;
import static io.stagedoor.kernel.command.UnchangedReason.JOINS_DIRECTLY;
import static io.stagedoor.kernel.command.UnchangedReason.NOT_ON_STAGE;
import static io.stagedoor.kernel.command.UnchangedReason.NO_PENDING_REQUEST;
import static io.stagedoor.kernel.command.UnchangedReason.ON_STAGE_USE_KICK;
import static io.stagedoor.kernel.command.UnchangedReason.PERMISSIONS_UNCHANGED;
import static io.stagedoor.kernel.command.UnchangedReason.REQUEST_PENDING_USE_DENY;
import static io.stagedoor.kernel.error.ErrorCode.*;
import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;

/** Every transition and every rejection of SPEC §2, one test each, given/when/then. */
class StageTest {

    private AggregateTestFixture<Stage> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    /** The usual cast (version 7), then {@code more} events. */
    private TestExecutor<Stage> given(Object... more) {
        return fixture.givenCurrentTime(T0).andGiven(cast()).andGiven(more);
    }

    private static CommandOutcome outcome(long version, TargetOutcome... outcomes) {
        return new CommandOutcome(MEETING, version, List.of(outcomes));
    }

    private static GrantStageAccess grant(Actor actor, UserId... users) {
        return new GrantStageAccess(MEETING, TargetUsers.listed(List.of(users)), actor);
    }

    private static DenyStageAccess deny(Actor actor, UserId... users) {
        return new DenyStageAccess(MEETING, TargetUsers.listed(List.of(users)), actor);
    }

    private static KickFromStage kick(Actor actor, UserId... users) {
        return new KickFromStage(MEETING, TargetUsers.listed(List.of(users)), actor);
    }

    @Nested
    class RequestAccess {

        @Test
        void givenViewerOffStage_whenRequests_thenJoinsTheQueue() {
            given().when(new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                   .expectEvents(new StageAccessRequested(MEETING, VIEWER, as(VIEWER), T0, null))
                   .expectResultMessagePayload(outcome(8, changed(VIEWER, OFF_STAGE, REQUESTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenMeetingWithRequestTimeout_whenViewerRequests_thenRequestExpiresAtTimeout() {
            fixture.givenCurrentTime(T0)
                   .andGiven(created(new MeetingSettings(null, null, 60)), added(VIEWER, BuiltInPresets.WEBINAR_VIEWER))
                   .when(new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                   .expectEvents(new StageAccessRequested(MEETING, VIEWER, as(VIEWER), T0, T0.plusSeconds(60)));
        }

        @Test
        void givenStageDisabled_whenRequests_thenRejectedWith2001() {
            given().when(new RequestStageAccess(MEETING, GROUP, as(GROUP)))
                   .expectException(violates(STAGE_DISABLED))
                   .expectNoEvents();
        }

        @Test
        void givenNotAllowed_whenRequests_thenRejectedWith2002() {
            given().when(new RequestStageAccess(MEETING, BARRED, as(BARRED)))
                   .expectException(violates(STAGE_ACCESS_NOT_ALLOWED))
                   .expectNoEvents();
        }

        @Test
        void givenAlreadyRequested_whenRequestsAgain_thenUnchanged() {
            given(requested(VIEWER))
                    .when(new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(8, unchanged(VIEWER, REQUESTED_TO_JOIN_STAGE, ALREADY_REQUESTED)));
        }

        @Test
        void givenAccepted_whenRequests_thenUnchanged() {
            given(granted(VIEWER, OFF_STAGE))
                    .when(new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(8, unchanged(VIEWER, ACCEPTED_TO_JOIN_STAGE, ALREADY_ACCEPTED)));
        }

        @Test
        void givenOnStage_whenRequests_thenUnchanged() {
            given(granted(VIEWER, OFF_STAGE), joined(VIEWER))
                    .when(new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(9, unchanged(VIEWER, ON_STAGE, ALREADY_ON_STAGE)));
        }

        @Test
        void givenHostWhoJoinsDirectly_whenRequests_thenUnchangedAtAccepted() {
            given().when(new RequestStageAccess(MEETING, HOST, as(HOST)))
                   .expectNoEvents()
                   .expectResultMessagePayload(outcome(7, unchanged(HOST, ACCEPTED_TO_JOIN_STAGE, ALREADY_ACCEPTED)));
        }

        @Test
        void givenUnknownUser_whenRequests_thenRejectedWith2005() {
            given().when(new RequestStageAccess(MEETING, STRANGER, as(STRANGER)))
                   .expectException(violates(PARTICIPANT_NOT_FOUND));
        }

        @Test
        void givenNoMeeting_whenRequests_thenMeetingNotFound() {
            fixture.givenNoPriorActivity()
                   .when(new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                   .expectException(AggregateNotFoundException.class);
        }

        @Test
        void givenRequestsInOrder_whenHostGrantsAllPending_thenGrantedInRequestOrder() {
            given(requested(VIEWER_3), requested(VIEWER), requested(VIEWER_2))
                    .when(new GrantStageAccess(MEETING, TargetUsers.allPending(), as(HOST)))
                    .expectEvents(
                            new StageAccessGranted(MEETING, VIEWER_3, REQUESTED_TO_JOIN_STAGE, as(HOST), T0),
                            new StageAccessGranted(MEETING, VIEWER, REQUESTED_TO_JOIN_STAGE, as(HOST), T0),
                            new StageAccessGranted(MEETING, VIEWER_2, REQUESTED_TO_JOIN_STAGE, as(HOST), T0));
        }
    }

    @Nested
    class CancelRequestAccess {

        @Test
        void givenRequested_whenCancels_thenOffStageAndExpiryCancelled() {
            fixture.givenCurrentTime(T0)
                   .andGivenCommands(new CreateMeeting(MEETING, new MeetingSettings(null, null, 60), SERVICE),
                           new AddParticipant(MEETING, VIEWER, "Vi", BuiltInPresets.WEBINAR_VIEWER, SERVICE),
                           new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                   .when(new CancelStageAccessRequest(MEETING, VIEWER, as(VIEWER)))
                   .expectEvents(new StageAccessRequestCancelled(MEETING, VIEWER, as(VIEWER), T0))
                   .expectResultMessagePayload(outcome(3, changed(VIEWER, REQUESTED_TO_JOIN_STAGE, OFF_STAGE)));
        }

        @Test
        void givenOffStage_whenCancels_thenUnchanged() {
            given().when(new CancelStageAccessRequest(MEETING, VIEWER, as(VIEWER)))
                   .expectNoEvents()
                   .expectResultMessagePayload(outcome(7, unchanged(VIEWER, OFF_STAGE, NO_PENDING_REQUEST)));
        }

        @Test
        void givenAccepted_whenCancels_thenUnchanged() {
            given(granted(VIEWER, OFF_STAGE))
                    .when(new CancelStageAccessRequest(MEETING, VIEWER, as(VIEWER)))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(8, unchanged(VIEWER, ACCEPTED_TO_JOIN_STAGE, NO_PENDING_REQUEST)));
        }
    }

    @Nested
    class Join {

        @Test
        void givenHostAccepted_whenJoins_thenOnStage() {
            given().when(new JoinStage(MEETING, HOST, as(HOST)))
                   .expectEvents(joined(HOST))
                   .expectResultMessagePayload(outcome(8, changed(HOST, ACCEPTED_TO_JOIN_STAGE, ON_STAGE)));
        }

        @Test
        void givenViewerAccepted_whenJoins_thenOnStage() {
            given(requested(VIEWER), granted(VIEWER, REQUESTED_TO_JOIN_STAGE))
                    .when(new JoinStage(MEETING, VIEWER, as(VIEWER)))
                    .expectEvents(joined(VIEWER));
        }

        @Test
        void givenNotAllowedViewerInvited_whenJoins_thenOnStage() {
            given(granted(BARRED, OFF_STAGE))
                    .when(new JoinStage(MEETING, BARRED, as(BARRED)))
                    .expectEvents(joined(BARRED));
        }

        @Test
        void givenOnStage_whenJoinsAgain_thenUnchanged() {
            given(joined(HOST))
                    .when(new JoinStage(MEETING, HOST, as(HOST)))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(8, unchanged(HOST, ON_STAGE, ALREADY_ON_STAGE)));
        }

        @Test
        void givenStageFull_whenAcceptedJoins_thenRejectedWith2006() {
            fixture.givenCurrentTime(T0)
                   .andGiven(created(new MeetingSettings(null, 1, null)),
                           added(HOST, BuiltInPresets.WEBINAR_HOST), added(PRESENTER, BuiltInPresets.WEBINAR_PRESENTER),
                           joined(HOST))
                   .when(new JoinStage(MEETING, PRESENTER, as(PRESENTER)))
                   .expectException(violates(STAGE_FULL))
                   .expectNoEvents();
        }

        @Test
        void givenViewerOffStage_whenJoins_thenRejectedWith2004() {
            given().when(new JoinStage(MEETING, VIEWER, as(VIEWER)))
                   .expectException(violates(TRANSITION_NOT_ALLOWED));
        }

        @Test
        void givenViewerRequested_whenJoins_thenRejectedWith2004() {
            given(requested(VIEWER))
                    .when(new JoinStage(MEETING, VIEWER, as(VIEWER)))
                    .expectException(violates(TRANSITION_NOT_ALLOWED));
        }

        @Test
        void givenNotAllowedNotInvited_whenJoins_thenRejectedWith2002() {
            given().when(new JoinStage(MEETING, BARRED, as(BARRED)))
                   .expectException(violates(STAGE_ACCESS_NOT_ALLOWED));
        }

        @Test
        void givenStageDisabled_whenJoins_thenRejectedWith2001() {
            given().when(new JoinStage(MEETING, GROUP, as(GROUP)))
                   .expectException(violates(STAGE_DISABLED));
        }
    }

    @Nested
    class Leave {

        @Test
        void givenHostOnStage_whenLeaves_thenRestsAtAccepted() {
            given(joined(HOST))
                    .when(new LeaveStage(MEETING, HOST, as(HOST)))
                    .expectEvents(new StageLeft(MEETING, HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE, as(HOST), T0))
                    .expectResultMessagePayload(outcome(9, changed(HOST, ON_STAGE, ACCEPTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenViewerOnStage_whenLeaves_thenOffStage() {
            given(granted(VIEWER, OFF_STAGE), joined(VIEWER))
                    .when(new LeaveStage(MEETING, VIEWER, as(VIEWER)))
                    .expectEvents(new StageLeft(MEETING, VIEWER, ON_STAGE, OFF_STAGE, as(VIEWER), T0));
        }

        @Test
        void givenViewerAccepted_whenLeaves_thenDeclinesToOffStage() {
            given(granted(VIEWER, OFF_STAGE))
                    .when(new LeaveStage(MEETING, VIEWER, as(VIEWER)))
                    .expectEvents(new StageLeft(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE, as(VIEWER), T0));
        }

        @Test
        void givenHostAccepted_whenLeaves_thenUnchanged() {
            given().when(new LeaveStage(MEETING, HOST, as(HOST)))
                   .expectNoEvents()
                   .expectResultMessagePayload(outcome(7, unchanged(HOST, ACCEPTED_TO_JOIN_STAGE,
                           JOINS_DIRECTLY)));
        }

        @Test
        void givenOffStage_whenLeaves_thenUnchanged() {
            given().when(new LeaveStage(MEETING, VIEWER, as(VIEWER)))
                   .expectNoEvents()
                   .expectResultMessagePayload(outcome(7, unchanged(VIEWER, OFF_STAGE, NOT_ON_STAGE)));
        }

        @Test
        void givenRequested_whenLeaves_thenRejectedWith2004() {
            given(requested(VIEWER))
                    .when(new LeaveStage(MEETING, VIEWER, as(VIEWER)))
                    .expectException(violates(TRANSITION_NOT_ALLOWED))
                    .expectNoEvents();
        }
    }

    @Nested
    class Grant {

        @Test
        void givenRequested_whenHostGrants_thenAcceptedAndExpiryCancelled() {
            fixture.givenCurrentTime(T0)
                   .andGivenCommands(new CreateMeeting(MEETING, new MeetingSettings(null, null, 60), SERVICE),
                           new AddParticipant(MEETING, HOST, "Ho", BuiltInPresets.WEBINAR_HOST, SERVICE),
                           new AddParticipant(MEETING, VIEWER, "Vi", BuiltInPresets.WEBINAR_VIEWER, SERVICE),
                           new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                   .when(grant(as(HOST), VIEWER))
                   .expectEvents(new StageAccessGranted(MEETING, VIEWER, REQUESTED_TO_JOIN_STAGE, as(HOST), T0))
                   .expectResultMessagePayload(outcome(4, changed(VIEWER, REQUESTED_TO_JOIN_STAGE, ACCEPTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenViewerOffStage_whenHostGrants_thenInvitedToAccepted() {
            given().when(grant(as(HOST), VIEWER))
                   .expectEvents(new StageAccessGranted(MEETING, VIEWER, OFF_STAGE, as(HOST), T0));
        }

        @Test
        void givenNotAllowedViewer_whenHostGrants_thenInvitedToAccepted() {
            given().when(grant(SERVICE, BARRED))
                   .expectEvents(new StageAccessGranted(MEETING, BARRED, OFF_STAGE, SERVICE, T0));
        }

        @Test
        void givenStageDisabled_whenGranted_thenUnchangedWithReason() {
            given().when(grant(SERVICE, GROUP))
                   .expectNoEvents()
                   .expectResultMessagePayload(outcome(7, unchanged(GROUP, OFF_STAGE,
                           UnchangedReason.STAGE_DISABLED)));
        }

        @Test
        void givenAcceptedAndOnStage_whenGranted_thenUnchanged() {
            given(joined(PRESENTER))
                    .when(grant(SERVICE, HOST, PRESENTER))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(8,
                            unchanged(HOST, ACCEPTED_TO_JOIN_STAGE, ALREADY_ACCEPTED),
                            unchanged(PRESENTER, ON_STAGE, ALREADY_ON_STAGE)));
        }

        @Test
        void givenOneUnknownUserAmongTargets_whenGranted_thenNothingAppliedWith2005() {
            given(requested(VIEWER))
                    .when(grant(SERVICE, VIEWER, STRANGER))
                    .expectException(violates(PARTICIPANT_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void givenDuplicateTargets_whenGranted_thenEachTargetOnce() {
            given(requested(VIEWER))
                    .when(grant(SERVICE, VIEWER, VIEWER))
                    .expectEvents(new StageAccessGranted(MEETING, VIEWER, REQUESTED_TO_JOIN_STAGE, SERVICE, T0));
        }

        @Test
        void givenViewerActor_whenGrants_thenRejectedWith2003() {
            given(requested(VIEWER_2))
                    .when(grant(as(VIEWER), VIEWER_2))
                    .expectException(violates(PERMISSION_DENIED))
                    .expectNoEvents();
        }

        @Test
        void givenActorNotInMeeting_whenGrants_thenRejectedWith2003() {
            given(requested(VIEWER))
                    .when(grant(as(STRANGER), VIEWER))
                    .expectException(violates(PERMISSION_DENIED));
        }

        @Test
        void givenViewerJustGivenAcceptPermission_whenGrants_thenItAppliesAtOnce() {
            StagePermissions moderator = new StagePermissions(true, StageAccess.CAN_REQUEST, true, false);
            given(new ParticipantPermissionsChanged(MEETING, VIEWER, BuiltInPresets.WEBINAR_VIEWER.name(), moderator,
                    OFF_STAGE, OFF_STAGE, SERVICE, T0), requested(VIEWER_2))
                    .when(grant(as(VIEWER), VIEWER_2))
                    .expectEvents(new StageAccessGranted(MEETING, VIEWER_2, REQUESTED_TO_JOIN_STAGE, as(VIEWER), T0));
        }
    }

    @Nested
    class Deny {

        @Test
        void givenRequested_whenDenied_thenOffStage() {
            given(requested(VIEWER))
                    .when(deny(as(HOST), VIEWER))
                    .expectEvents(new StageAccessDenied(MEETING, VIEWER, REQUESTED_TO_JOIN_STAGE, as(HOST), T0))
                    .expectResultMessagePayload(outcome(9, changed(VIEWER, REQUESTED_TO_JOIN_STAGE, OFF_STAGE)));
        }

        @Test
        void givenViewerAccepted_whenDenied_thenAcceptanceWithdrawn() {
            given(granted(VIEWER, OFF_STAGE))
                    .when(deny(as(HOST), VIEWER))
                    .expectEvents(new StageAccessDenied(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, as(HOST), T0));
        }

        @Test
        void givenOnStage_whenDenied_thenUnchangedUseKick() {
            given(granted(VIEWER, OFF_STAGE), joined(VIEWER))
                    .when(deny(as(HOST), VIEWER))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(9, unchanged(VIEWER, ON_STAGE, ON_STAGE_USE_KICK)));
        }

        @Test
        void givenHostAcceptedAndViewerOff_whenDenied_thenUnchanged() {
            given().when(deny(SERVICE, PRESENTER, VIEWER))
                   .expectNoEvents()
                   .expectResultMessagePayload(outcome(7,
                           unchanged(PRESENTER, ACCEPTED_TO_JOIN_STAGE, JOINS_DIRECTLY),
                           unchanged(VIEWER, OFF_STAGE, NO_PENDING_REQUEST)));
        }

        @Test
        void givenRequests_whenAllPendingDenied_thenEveryHandLowered() {
            given(requested(VIEWER), requested(VIEWER_2), granted(VIEWER_3, OFF_STAGE))
                    .when(new DenyStageAccess(MEETING, TargetUsers.allPending(), as(HOST)))
                    .expectEvents(new StageAccessDenied(MEETING, VIEWER, REQUESTED_TO_JOIN_STAGE, as(HOST), T0),
                            new StageAccessDenied(MEETING, VIEWER_2, REQUESTED_TO_JOIN_STAGE, as(HOST), T0));
        }

        @Test
        void givenPresenterActor_whenDenies_thenRejectedWith2003() {
            given(requested(VIEWER))
                    .when(deny(as(PRESENTER), VIEWER))
                    .expectException(violates(PERMISSION_DENIED));
        }
    }

    @Nested
    class Kick {

        @Test
        void givenHostOnStage_whenKicked_thenRestsAtAccepted() {
            given(joined(PRESENTER))
                    .when(kick(as(HOST), PRESENTER))
                    .expectEvents(new RemovedFromStage(MEETING, PRESENTER, ON_STAGE, ACCEPTED_TO_JOIN_STAGE, as(HOST), T0))
                    .expectResultMessagePayload(outcome(9, changed(PRESENTER, ON_STAGE, ACCEPTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenViewerOnStage_whenKicked_thenOffStage() {
            given(granted(VIEWER, OFF_STAGE), joined(VIEWER))
                    .when(kick(as(HOST), VIEWER))
                    .expectEvents(new RemovedFromStage(MEETING, VIEWER, ON_STAGE, OFF_STAGE, as(HOST), T0));
        }

        @Test
        void givenViewerAccepted_whenKicked_thenOffStage() {
            given(granted(VIEWER, OFF_STAGE))
                    .when(kick(as(HOST), VIEWER))
                    .expectEvents(new RemovedFromStage(MEETING, VIEWER, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE, as(HOST), T0));
        }

        @Test
        void givenNobodyOnStage_whenKicked_thenUnchanged() {
            given(requested(VIEWER_2))
                    .when(kick(SERVICE, PRESENTER, VIEWER, VIEWER_2))
                    .expectNoEvents()
                    .expectResultMessagePayload(outcome(8,
                            unchanged(PRESENTER, ACCEPTED_TO_JOIN_STAGE, JOINS_DIRECTLY),
                            unchanged(VIEWER, OFF_STAGE, NOT_ON_STAGE),
                            unchanged(VIEWER_2, REQUESTED_TO_JOIN_STAGE, REQUEST_PENDING_USE_DENY)));
        }

        @Test
        void givenViewerActor_whenKicks_thenRejectedWith2003() {
            given(joined(HOST))
                    .when(kick(as(VIEWER), HOST))
                    .expectException(violates(PERMISSION_DENIED));
        }

        @Test
        void givenUnknownTarget_whenKicked_thenRejectedWith2005() {
            given(joined(HOST))
                    .when(kick(SERVICE, HOST, STRANGER))
                    .expectException(violates(PARTICIPANT_NOT_FOUND))
                    .expectNoEvents();
        }
    }

    @Nested
    class Participants {

        @Test
        void givenMeeting_whenParticipantsAdded_thenEachAtItsRestingStatus() {
            fixture.givenCurrentTime(T0).andGiven(created())
                   .when(new AddParticipant(MEETING, HOST, "host", BuiltInPresets.WEBINAR_HOST, SERVICE))
                   .expectEvents(added(HOST, BuiltInPresets.WEBINAR_HOST))
                   .expectResultMessagePayload(outcome(1, changed(HOST, null, ACCEPTED_TO_JOIN_STAGE)));
        }

        @Test
        void givenParticipant_whenAddedAgainWithSamePreset_thenUnchanged() {
            given().when(new AddParticipant(MEETING, VIEWER, "viewer", BuiltInPresets.WEBINAR_VIEWER, SERVICE))
                   .expectNoEvents()
                   .expectResultMessagePayload(outcome(7, unchanged(VIEWER, OFF_STAGE,
                           ALREADY_A_PARTICIPANT)));
        }

        @Test
        void givenRequestedViewer_whenAddedAgainAsHost_thenPermissionsChangeToAccepted() {
            given(requested(VIEWER))
                    .when(new AddParticipant(MEETING, VIEWER, "viewer", BuiltInPresets.WEBINAR_HOST, SERVICE))
                    .expectEvents(new ParticipantPermissionsChanged(MEETING, VIEWER, BuiltInPresets.WEBINAR_HOST.name(),
                            BuiltInPresets.WEBINAR_HOST.permissions(), REQUESTED_TO_JOIN_STAGE, ACCEPTED_TO_JOIN_STAGE,
                            SERVICE, T0));
        }

        @Test
        void givenViewerActor_whenAddsParticipant_thenRejectedWith2003() {
            given().when(new AddParticipant(MEETING, STRANGER, null, BuiltInPresets.WEBINAR_VIEWER, as(VIEWER)))
                   .expectException(violates(PERMISSION_DENIED));
        }

        @Test
        void givenRequestedViewer_whenRemoved_thenGoneWithRequestDropped() {
            given(requested(VIEWER))
                    .when(new RemoveParticipant(MEETING, VIEWER, SERVICE))
                    .expectEvents(new ParticipantRemoved(MEETING, VIEWER, REQUESTED_TO_JOIN_STAGE, SERVICE, T0))
                    .expectResultMessagePayload(outcome(9, new TargetOutcome(VIEWER, REQUESTED_TO_JOIN_STAGE, null, true, null)));
        }

        @Test
        void givenRemovedParticipant_whenNamedAgain_thenRejectedWith2005() {
            given(new ParticipantRemoved(MEETING, VIEWER, OFF_STAGE, SERVICE, T0))
                    .when(new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                    .expectException(violates(PARTICIPANT_NOT_FOUND));
        }

        @Test
        void givenFullStage_whenOnStageParticipantRemoved_thenItsPlaceIsFree() {
            fixture.givenCurrentTime(T0)
                   .andGiven(created(new MeetingSettings(null, 1, null)),
                           added(HOST, BuiltInPresets.WEBINAR_HOST), added(PRESENTER, BuiltInPresets.WEBINAR_PRESENTER),
                           joined(HOST), new ParticipantRemoved(MEETING, HOST, ON_STAGE, SERVICE, T0))
                   .when(new JoinStage(MEETING, PRESENTER, as(PRESENTER)))
                   .expectEvents(joined(PRESENTER));
        }

        @Test
        void givenViewer_whenLeavesTheMeetingItself_thenRemoved() {
            given().when(new RemoveParticipant(MEETING, VIEWER, as(VIEWER)))
                   .expectEvents(new ParticipantRemoved(MEETING, VIEWER, OFF_STAGE, as(VIEWER), T0));
        }

        @Test
        void givenViewerActor_whenRemovesAnother_thenRejectedWith2003() {
            given().when(new RemoveParticipant(MEETING, VIEWER_2, as(VIEWER)))
                   .expectException(violates(PERMISSION_DENIED));
        }

        @Test
        void givenUnknownUser_whenRemoved_thenRejectedWith2005() {
            given().when(new RemoveParticipant(MEETING, STRANGER, SERVICE))
                   .expectException(violates(PARTICIPANT_NOT_FOUND));
        }
    }

    @Nested
    class Permissions {

        private ChangeParticipantPermissions change(UserId userId, PermissionsPatch patch) {
            return new ChangeParticipantPermissions(MEETING, userId, patch, as(HOST));
        }

        private ParticipantPermissionsChanged changedEvent(UserId userId, StagePermissions permissions,
                                                           io.stagedoor.kernel.stage.StageStatus from,
                                                           io.stagedoor.kernel.stage.StageStatus to) {
            String preset = userId.equals(PRESENTER) ? "webinar_presenter" : "webinar_viewer";
            return new ParticipantPermissionsChanged(MEETING, userId, io.stagedoor.kernel.id.PresetName.of(preset),
                    permissions, from, to, as(HOST), T0);
        }

        private static final PermissionsPatch TO_NOT_ALLOWED = new PermissionsPatch(null, StageAccess.NOT_ALLOWED, null, null);
        private static final StagePermissions VIEWER_NOT_ALLOWED = new StagePermissions(true, StageAccess.NOT_ALLOWED, false, false);

        @Test
        void givenRequested_whenBecomesNotAllowed_thenOffStage() {
            given(requested(VIEWER))
                    .when(change(VIEWER, TO_NOT_ALLOWED))
                    .expectEvents(changedEvent(VIEWER, VIEWER_NOT_ALLOWED, REQUESTED_TO_JOIN_STAGE, OFF_STAGE));
        }

        @Test
        void givenAccepted_whenBecomesNotAllowed_thenOffStage() {
            given(granted(VIEWER, OFF_STAGE))
                    .when(change(VIEWER, TO_NOT_ALLOWED))
                    .expectEvents(changedEvent(VIEWER, VIEWER_NOT_ALLOWED, ACCEPTED_TO_JOIN_STAGE, OFF_STAGE));
        }

        @Test
        void givenOnStage_whenStageDisabled_thenOffStage() {
            given(joined(PRESENTER))
                    .when(change(PRESENTER, new PermissionsPatch(false, null, null, null)))
                    .expectEvents(changedEvent(PRESENTER, new StagePermissions(false, StageAccess.ALLOWED, false, false),
                            ON_STAGE, OFF_STAGE));
        }

        @Test
        void givenRequested_whenBecomesAllowed_thenAccepted() {
            given(requested(VIEWER))
                    .when(change(VIEWER, new PermissionsPatch(null, StageAccess.ALLOWED, null, null)))
                    .expectEvents(changedEvent(VIEWER, new StagePermissions(true, StageAccess.ALLOWED, false, false),
                            REQUESTED_TO_JOIN_STAGE, ACCEPTED_TO_JOIN_STAGE));
        }

        @Test
        void givenOffStage_whenBecomesAllowed_thenAccepted() {
            given().when(change(VIEWER, new PermissionsPatch(null, StageAccess.ALLOWED, null, null)))
                   .expectEvents(changedEvent(VIEWER, new StagePermissions(true, StageAccess.ALLOWED, false, false),
                           OFF_STAGE, ACCEPTED_TO_JOIN_STAGE));
        }

        @Test
        void givenAllowedAccepted_whenBecomesCanRequest_thenOffStage() {
            given().when(change(PRESENTER, new PermissionsPatch(null, StageAccess.CAN_REQUEST, null, null)))
                   .expectEvents(changedEvent(PRESENTER, new StagePermissions(true, StageAccess.CAN_REQUEST, false, false),
                           ACCEPTED_TO_JOIN_STAGE, OFF_STAGE));
        }

        @Test
        void givenAllowedOnStage_whenBecomesCanRequest_thenStaysOnStage() {
            given(joined(PRESENTER))
                    .when(change(PRESENTER, new PermissionsPatch(null, StageAccess.CAN_REQUEST, null, null)))
                    .expectEvents(changedEvent(PRESENTER, new StagePermissions(true, StageAccess.CAN_REQUEST, false, false),
                            ON_STAGE, ON_STAGE));
        }

        @Test
        void givenRequested_whenOtherPermissionChanges_thenStatusStays() {
            given(requested(VIEWER))
                    .when(change(VIEWER, new PermissionsPatch(null, null, true, null)))
                    .expectEvents(changedEvent(VIEWER, new StagePermissions(true, StageAccess.CAN_REQUEST, true, false),
                            REQUESTED_TO_JOIN_STAGE, REQUESTED_TO_JOIN_STAGE));
        }

        @Test
        void givenSamePermissions_whenChanged_thenUnchanged() {
            given().when(change(VIEWER, new PermissionsPatch(true, StageAccess.CAN_REQUEST, false, false)))
                   .expectNoEvents()
                   .expectResultMessagePayload(outcome(7, unchanged(VIEWER, OFF_STAGE, PERMISSIONS_UNCHANGED)));
        }

        @Test
        void givenPresenterActor_whenChangesPermissions_thenRejectedWith2003() {
            given().when(new ChangeParticipantPermissions(MEETING, VIEWER, TO_NOT_ALLOWED, as(PRESENTER)))
                   .expectException(violates(PERMISSION_DENIED));
        }

        @Test
        void givenUnknownUser_whenPermissionsChanged_thenRejectedWith2005() {
            given().when(change(STRANGER, TO_NOT_ALLOWED))
                   .expectException(violates(PARTICIPANT_NOT_FOUND));
        }
    }

    @Nested
    class Meeting {

        @Test
        void givenNothing_whenCreated_thenMeetingCreated() {
            MeetingSettings settings = new MeetingSettings("Town hall", 5, 120);
            fixture.givenCurrentTime(T0)
                   .when(new CreateMeeting(MEETING, settings, SERVICE))
                   .expectEvents(new MeetingCreated(MEETING, settings, SERVICE, T0))
                   .expectResultMessagePayload(new MeetingOutcome(MEETING, 0, settings, true));
        }

        @Test
        void givenMeeting_whenCreatedAgain_thenAnsweredAsItIs() {
            given().when(new CreateMeeting(MEETING, new MeetingSettings("other", 3, null), SERVICE))
                   .expectNoEvents()
                   .expectResultMessagePayload(new MeetingOutcome(MEETING, 7, MeetingSettings.NONE, false));
        }

        @Test
        void givenMeeting_whenSettingsChanged_thenAllSettingsRecorded() {
            given().when(new ChangeMeetingSettings(MEETING,
                           new MeetingSettingsPatch(null, Optional.of(10), Optional.of(30)), SERVICE))
                   .expectEvents(new MeetingSettingsChanged(MEETING, new MeetingSettings(null, 10, 30), SERVICE, T0));
        }

        @Test
        void givenLimit_whenCleared_thenNoLimit() {
            fixture.givenCurrentTime(T0).andGiven(created(new MeetingSettings("t", 3, 60)))
                   .when(new ChangeMeetingSettings(MEETING, new MeetingSettingsPatch(null, Optional.empty(), null), SERVICE))
                   .expectEvents(new MeetingSettingsChanged(MEETING, new MeetingSettings("t", null, 60), SERVICE, T0));
        }

        @Test
        void givenSameSettings_whenChanged_thenNothingAppended() {
            given().when(new ChangeMeetingSettings(MEETING, new MeetingSettingsPatch(null, Optional.empty(), null), SERVICE))
                   .expectNoEvents()
                   .expectResultMessagePayload(new MeetingOutcome(MEETING, 7, MeetingSettings.NONE, false));
        }

        @Test
        void givenTwoOnStage_whenMaxOnStageLoweredToOne_thenRejectedWith2006() {
            given(joined(HOST), joined(PRESENTER))
                    .when(new ChangeMeetingSettings(MEETING, new MeetingSettingsPatch(null, Optional.of(1), null), SERVICE))
                    .expectException(violates(STAGE_FULL));
        }

        @Test
        void givenViewerActor_whenChangesSettings_thenRejectedWith2003() {
            given().when(new ChangeMeetingSettings(MEETING, new MeetingSettingsPatch(null, Optional.of(1), null), as(VIEWER)))
                   .expectException(violates(PERMISSION_DENIED));
        }

        @Test
        void givenPeopleOnAndNearTheStage_whenEnded_thenEveryoneOffAndQueueCleared() {
            given(joined(HOST), requested(VIEWER), granted(VIEWER_2, OFF_STAGE))
                    .when(new EndMeeting(MEETING, SERVICE))
                    .expectEvents(new StageClosed(MEETING, HOST, ON_STAGE, SERVICE, T0),
                            new StageClosed(MEETING, PRESENTER, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                            new StageClosed(MEETING, VIEWER, REQUESTED_TO_JOIN_STAGE, SERVICE, T0),
                            new StageClosed(MEETING, VIEWER_2, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                            new MeetingEnded(MEETING, SERVICE, T0));
        }

        @Test
        void givenEndedMeeting_whenAnyCommand_thenRejectedWith2008() {
            Object[] ended = {new StageClosed(MEETING, HOST, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                    new StageClosed(MEETING, PRESENTER, ACCEPTED_TO_JOIN_STAGE, SERVICE, T0),
                    new MeetingEnded(MEETING, SERVICE, T0)};
            for (Object command : List.of(
                    new CreateMeeting(MEETING, MeetingSettings.NONE, SERVICE),
                    new ChangeMeetingSettings(MEETING, new MeetingSettingsPatch(null, Optional.of(2), null), SERVICE),
                    new EndMeeting(MEETING, SERVICE),
                    new AddParticipant(MEETING, STRANGER, null, BuiltInPresets.WEBINAR_VIEWER, SERVICE),
                    new RemoveParticipant(MEETING, VIEWER, SERVICE),
                    new ChangeParticipantPermissions(MEETING, VIEWER, new PermissionsPatch(false, null, null, null), SERVICE),
                    new RequestStageAccess(MEETING, VIEWER, as(VIEWER)),
                    new CancelStageAccessRequest(MEETING, VIEWER, as(VIEWER)),
                    new JoinStage(MEETING, HOST, as(HOST)),
                    new LeaveStage(MEETING, HOST, as(HOST)),
                    grant(SERVICE, VIEWER), deny(SERVICE, VIEWER), kick(SERVICE, HOST))) {
                given(ended).when(command).expectException(violates(MEETING_ENDED)).expectNoEvents();
            }
        }
    }

    /** The engine fires a request's expiry at its {@code expiresAt} (io.stagedoor.command.deadline). */
    @Nested
    class RequestExpiry {

        private TestExecutor<Stage> givenPendingRequestWithTimeout() {
            return fixture.givenCurrentTime(T0)
                          .andGivenCommands(new CreateMeeting(MEETING, new MeetingSettings(null, null, 60), SERVICE),
                                  new AddParticipant(MEETING, VIEWER, "Vi", BuiltInPresets.WEBINAR_VIEWER, SERVICE),
                                  new RequestStageAccess(MEETING, VIEWER, as(VIEWER)));
        }

        @Test
        void givenPendingRequest_whenItsExpiryFires_thenRequestExpiresAtItsDueTime() {
            givenPendingRequestWithTimeout()
                    .andGivenCurrentTime(T0.plusSeconds(61))
                    .when(new ExpireStageRequest(MEETING, VIEWER, 2, T0.plusSeconds(60)))
                    .expectEvents(new StageAccessRequestExpired(MEETING, VIEWER, Actor.ENGINE, T0.plusSeconds(60)))
                    .expectResultMessagePayload(new CommandOutcome(MEETING, 3,
                            List.of(changed(VIEWER, REQUESTED_TO_JOIN_STAGE, OFF_STAGE))));
        }

        @Test
        void givenCancelledThenRenewedRequest_whenTheFirstRequestsExpiryFires_thenNothingExpires() {
            givenPendingRequestWithTimeout()
                    .andGivenCommands(new CancelStageAccessRequest(MEETING, VIEWER, as(VIEWER)),
                            new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                    .when(new ExpireStageRequest(MEETING, VIEWER, 2, T0.plusSeconds(60)))
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandOutcome(MEETING, 4, List.of()));
        }

        @Test
        void givenCancelledThenRenewedRequest_whenTheRenewedRequestsExpiryFires_thenItExpires() {
            givenPendingRequestWithTimeout()
                    .andGivenCommands(new CancelStageAccessRequest(MEETING, VIEWER, as(VIEWER)),
                            new RequestStageAccess(MEETING, VIEWER, as(VIEWER)))
                    .when(new ExpireStageRequest(MEETING, VIEWER, 4, T0.plusSeconds(60)))
                    .expectEvents(new StageAccessRequestExpired(MEETING, VIEWER, Actor.ENGINE, T0.plusSeconds(60)));
        }

        @Test
        void givenAnsweredRequest_whenItsExpiryFires_thenNothingChanges() {
            givenPendingRequestWithTimeout()
                    .andGivenCommands(new DenyStageAccess(MEETING, TargetUsers.allPending(), SERVICE))
                    .when(new ExpireStageRequest(MEETING, VIEWER, 2, T0.plusSeconds(60)))
                    .expectNoEvents();
        }

        @Test
        void givenMeetingEndedWithPendingRequest_whenItsExpiryFires_thenNothingChanges() {
            givenPendingRequestWithTimeout()
                    .andGivenCommands(new EndMeeting(MEETING, SERVICE))
                    .when(new ExpireStageRequest(MEETING, VIEWER, 2, T0.plusSeconds(60)))
                    .expectNoEvents()
                    .expectSuccessfulHandlerExecution();
        }
    }
}
