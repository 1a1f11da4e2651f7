package io.stagedoor.command.stage;

import io.stagedoor.command.stage.StageRules.ActorHoldsPermission;
import io.stagedoor.command.stage.StageRules.AllTargetsAreParticipants;
import io.stagedoor.command.stage.StageRules.IsParticipant;
import io.stagedoor.command.stage.StageRules.JoinNeedsAcceptance;
import io.stagedoor.command.stage.StageRules.MaxOnStageCoversOnStage;
import io.stagedoor.command.stage.StageRules.MeetingIsLive;
import io.stagedoor.command.stage.StageRules.PendingRequestIsCancelledNotLeft;
import io.stagedoor.command.stage.StageRules.StageAccessIsNotForbidden;
import io.stagedoor.command.stage.StageRules.StageHasRoom;
import io.stagedoor.command.stage.StageRules.StageIsEnabled;
import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.CancelStageAccessRequest;
import io.stagedoor.kernel.command.ChangeMeetingSettings;
import io.stagedoor.kernel.command.ChangeParticipantPermissions;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.DenyStageAccess;
import io.stagedoor.kernel.command.EndMeeting;
import io.stagedoor.kernel.command.GrantStageAccess;
import io.stagedoor.kernel.command.JoinStage;
import io.stagedoor.kernel.command.KickFromStage;
import io.stagedoor.kernel.command.LeaveStage;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.command.RemoveParticipant;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.command.TargetUsers;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.ParticipantEvent;
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
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import static io.stagedoor.command.stage.StageRules.Permission.ACCEPT_STAGE_REQUESTS;
import static io.stagedoor.command.stage.StageRules.Permission.CHANGE_PARTICIPANT_PERMISSIONS;
import static io.stagedoor.kernel.command.TargetOutcome.changed;
import static io.stagedoor.kernel.command.TargetOutcome.unchanged;
import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The stage of one meeting: decides every command of SPEC §2 and records what it decided as events.
 * Command handlers check the rules and apply events; event-sourcing handlers only assign state.
 * State is what decisions need, nothing more: a meeting with 50,000 participants stays small and fast.
 */
public class Stage {

    static final String REQUEST_EXPIRY = "stage-request-expiry";
    static final String EXPIRY_DEADLINE_ID = "expiryDeadlineId";

    @AggregateIdentifier
    private MeetingId meetingId;
    private MeetingSettings settings;
    private boolean ended;
    private LinkedHashMap<UserId, Participant> participants = new LinkedHashMap<>();
    /** Exactly the REQUESTED participants, in the order they asked. */
    private LinkedHashMap<UserId, PendingRequest> requestQueue = new LinkedHashMap<>();
    private int onStageCount;

    Stage() {
        // for Axon: created empty, then sourced from events or a snapshot
    }

    // ---- meeting ----------------------------------------------------------------------------------------

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    MeetingOutcome handle(CreateMeeting command) {
        if (meetingId != null) {
            new MeetingIsLive(ended).verify();
            return meetingOutcome(false);
        }
        apply(new MeetingCreated(command.meetingId(), command.settings(), command.actor(), now()));
        return meetingOutcome(true);
    }

    @CommandHandler
    MeetingOutcome handle(ChangeMeetingSettings command) {
        new MeetingIsLive(ended).verify();
        actorHolds(command.actor(), CHANGE_PARTICIPANT_PERMISSIONS);
        MeetingSettings changed = settings.with(command.patch());
        if (changed.equals(settings)) {
            return meetingOutcome(false);
        }
        new MaxOnStageCoversOnStage(changed, onStageCount).verify();
        apply(new MeetingSettingsChanged(meetingId, changed, command.actor(), now()));
        return meetingOutcome(true);
    }

    @CommandHandler
    CommandOutcome handle(EndMeeting command, DeadlineManager deadlines) {
        new MeetingIsLive(ended).verify();
        actorHolds(command.actor(), CHANGE_PARTICIPANT_PERMISSIONS);
        Instant now = now();
        List<TargetOutcome> outcomes = new ArrayList<>();
        for (UserId userId : List.copyOf(participants.keySet())) {
            Participant participant = participants.get(userId);
            if (!participant.is(OFF_STAGE)) {
                cancelExpiry(userId, deadlines);
                apply(new StageClosed(meetingId, userId, participant.status(), command.actor(), now));
                outcomes.add(changed(userId, participant.status(), OFF_STAGE));
            }
        }
        apply(new MeetingEnded(meetingId, command.actor(), now));
        return outcome(outcomes);
    }

    // ---- participants -----------------------------------------------------------------------------------

    @CommandHandler
    CommandOutcome handle(AddParticipant command, DeadlineManager deadlines) {
        new MeetingIsLive(ended).verify();
        actorHolds(command.actor(), CHANGE_PARTICIPANT_PERMISSIONS);
        UserId userId = command.userId();
        Participant existing = participants.get(userId);
        if (existing == null) {
            StagePermissions permissions = command.preset().permissions();
            StageStatus status = permissions.restingStatus();
            apply(new ParticipantAdded(meetingId, userId, command.name(), command.preset().name(), permissions,
                    status, command.actor(), now()));
            return outcome(List.of(changed(userId, null, status)));
        }
        if (existing.preset().equals(command.preset().name())) {
            return outcome(List.of(unchanged(userId, existing.status(), "already a participant with this preset")));
        }
        return outcome(List.of(changePermissions(userId, existing, command.preset().name(),
                command.preset().permissions(), command.actor(), deadlines)));
    }

    @CommandHandler
    CommandOutcome handle(RemoveParticipant command, DeadlineManager deadlines) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        boolean leavesByItself = command.actor().userId().map(userId::equals).orElse(false);
        if (!leavesByItself) {
            actorHolds(command.actor(), CHANGE_PARTICIPANT_PERMISSIONS);
        }
        Participant participant = participant(userId);
        cancelExpiry(userId, deadlines);
        apply(new ParticipantRemoved(meetingId, userId, participant.status(), command.actor(), now()));
        return outcome(List.of(new TargetOutcome(userId, participant.status(), null, true, null)));
    }

    @CommandHandler
    CommandOutcome handle(ChangeParticipantPermissions command, DeadlineManager deadlines) {
        new MeetingIsLive(ended).verify();
        actorHolds(command.actor(), CHANGE_PARTICIPANT_PERMISSIONS);
        UserId userId = command.userId();
        Participant participant = participant(userId);
        StagePermissions changed = participant.permissions().with(command.patch());
        if (changed.equals(participant.permissions())) {
            return outcome(List.of(unchanged(userId, participant.status(), "permissions unchanged")));
        }
        return outcome(List.of(changePermissions(userId, participant, participant.preset(), changed,
                command.actor(), deadlines)));
    }

    private TargetOutcome changePermissions(UserId userId, Participant participant, PresetName preset,
                                            StagePermissions permissions, Actor actor, DeadlineManager deadlines) {
        StageStatus to = participant.statusUnder(permissions);
        if (to != REQUESTED_TO_JOIN_STAGE) {
            cancelExpiry(userId, deadlines);
        }
        apply(new ParticipantPermissionsChanged(meetingId, userId, preset, permissions, participant.status(), to,
                actor, now()));
        return changed(userId, participant.status(), to);
    }

    // ---- self commands ----------------------------------------------------------------------------------

    @CommandHandler
    CommandOutcome handle(RequestStageAccess command, DeadlineManager deadlines) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        Participant participant = participant(userId);
        new StageIsEnabled(participant).verify();
        new StageAccessIsNotForbidden(participant).verify();
        if (!participant.is(OFF_STAGE)) {
            return outcome(List.of(unchanged(userId, participant.status(), alreadyThere(participant.status()))));
        }
        Instant now = now();
        Integer timeout = settings.requestTimeoutSeconds();
        Instant expiresAt = timeout == null ? null : now.plusSeconds(timeout);
        MetaData metaData = MetaData.emptyInstance();
        if (expiresAt != null) {
            long requestSequence = AggregateLifecycle.getVersion() + 1;
            String deadlineId = deadlines.schedule(expiresAt, REQUEST_EXPIRY, new RequestExpiry(userId, requestSequence));
            metaData = MetaData.with(EXPIRY_DEADLINE_ID, deadlineId);
        }
        apply(new StageAccessRequested(meetingId, userId, command.actor(), now, expiresAt), metaData);
        return outcome(List.of(changed(userId, OFF_STAGE, REQUESTED_TO_JOIN_STAGE)));
    }

    @CommandHandler
    CommandOutcome handle(CancelStageAccessRequest command, DeadlineManager deadlines) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        Participant participant = participant(userId);
        if (!participant.is(REQUESTED_TO_JOIN_STAGE)) {
            return outcome(List.of(unchanged(userId, participant.status(), "no pending request")));
        }
        cancelExpiry(userId, deadlines);
        apply(new StageAccessRequestCancelled(meetingId, userId, command.actor(), now()));
        return outcome(List.of(changed(userId, REQUESTED_TO_JOIN_STAGE, OFF_STAGE)));
    }

    @CommandHandler
    CommandOutcome handle(JoinStage command) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        Participant participant = participant(userId);
        new StageIsEnabled(participant).verify();
        if (participant.is(ON_STAGE)) {
            return outcome(List.of(unchanged(userId, ON_STAGE, "already on stage")));
        }
        if (!participant.is(ACCEPTED_TO_JOIN_STAGE)) {
            new StageAccessIsNotForbidden(participant).verify();
            new JoinNeedsAcceptance(participant.status()).verify();
        }
        new StageHasRoom(settings, onStageCount).verify();
        apply(new StageJoined(meetingId, userId, command.actor(), now()));
        return outcome(List.of(changed(userId, ACCEPTED_TO_JOIN_STAGE, ON_STAGE)));
    }

    @CommandHandler
    CommandOutcome handle(LeaveStage command) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        Participant participant = participant(userId);
        new PendingRequestIsCancelledNotLeft(participant.status()).verify();
        if (participant.is(ON_STAGE) || participant.acceptedByAHost()) {
            StageStatus to = participant.is(ON_STAGE) ? participant.restingStatus() : OFF_STAGE;
            apply(new StageLeft(meetingId, userId, participant.status(), to, command.actor(), now()));
            return outcome(List.of(changed(userId, participant.status(), to)));
        }
        String reason = participant.is(OFF_STAGE) ? "not on stage" : "joins the stage directly, stays accepted";
        return outcome(List.of(unchanged(userId, participant.status(), reason)));
    }

    // ---- host commands ----------------------------------------------------------------------------------

    @CommandHandler
    CommandOutcome handle(GrantStageAccess command, DeadlineManager deadlines) {
        new MeetingIsLive(ended).verify();
        actorHolds(command.actor(), ACCEPT_STAGE_REQUESTS);
        Instant now = now();
        List<TargetOutcome> outcomes = new ArrayList<>();
        for (UserId userId : targetsOf(command.targets())) {
            Participant participant = participants.get(userId);
            if (!participant.permissions().stageEnabled()) {
                outcomes.add(unchanged(userId, participant.status(), "the stage is disabled for this participant"));
            } else if (participant.is(OFF_STAGE) || participant.is(REQUESTED_TO_JOIN_STAGE)) {
                cancelExpiry(userId, deadlines);
                apply(new StageAccessGranted(meetingId, userId, participant.status(), command.actor(), now));
                outcomes.add(changed(userId, participant.status(), ACCEPTED_TO_JOIN_STAGE));
            } else {
                outcomes.add(unchanged(userId, participant.status(), alreadyThere(participant.status())));
            }
        }
        return outcome(outcomes);
    }

    @CommandHandler
    CommandOutcome handle(DenyStageAccess command, DeadlineManager deadlines) {
        new MeetingIsLive(ended).verify();
        actorHolds(command.actor(), ACCEPT_STAGE_REQUESTS);
        Instant now = now();
        List<TargetOutcome> outcomes = new ArrayList<>();
        for (UserId userId : targetsOf(command.targets())) {
            Participant participant = participants.get(userId);
            if (participant.is(REQUESTED_TO_JOIN_STAGE) || participant.acceptedByAHost()) {
                cancelExpiry(userId, deadlines);
                apply(new StageAccessDenied(meetingId, userId, participant.status(), command.actor(), now));
                outcomes.add(changed(userId, participant.status(), OFF_STAGE));
            } else {
                String reason = switch (participant.status()) {
                    case ON_STAGE -> "on stage, use kick";
                    case OFF_STAGE -> "no pending request";
                    default -> "joins the stage directly, stays accepted";
                };
                outcomes.add(unchanged(userId, participant.status(), reason));
            }
        }
        return outcome(outcomes);
    }

    @CommandHandler
    CommandOutcome handle(KickFromStage command) {
        new MeetingIsLive(ended).verify();
        actorHolds(command.actor(), ACCEPT_STAGE_REQUESTS);
        Instant now = now();
        List<TargetOutcome> outcomes = new ArrayList<>();
        for (UserId userId : targetsOf(command.targets())) {
            Participant participant = participants.get(userId);
            if (participant.is(ON_STAGE) || participant.acceptedByAHost()) {
                StageStatus to = participant.is(ON_STAGE) ? participant.restingStatus() : OFF_STAGE;
                apply(new RemovedFromStage(meetingId, userId, participant.status(), to, command.actor(), now));
                outcomes.add(changed(userId, participant.status(), to));
            } else {
                String reason = switch (participant.status()) {
                    case OFF_STAGE -> "not on stage";
                    case REQUESTED_TO_JOIN_STAGE -> "request pending, use deny";
                    default -> "joins the stage directly, stays accepted";
                };
                outcomes.add(unchanged(userId, participant.status(), reason));
            }
        }
        return outcome(outcomes);
    }

    // ---- request expiry ---------------------------------------------------------------------------------

    /** The expiry is recorded at the moment the timeout elapsed (the deadline's due time). */
    @DeadlineHandler(deadlineName = REQUEST_EXPIRY)
    void on(RequestExpiry expiry, @Timestamp Instant dueAt) {
        PendingRequest request = requestQueue.get(expiry.userId());
        if (ended || request == null || request.sequence() != expiry.requestSequence()) {
            return; // answered, cancelled or replaced since: this deadline is stale
        }
        apply(new StageAccessRequestExpired(meetingId, expiry.userId(), Actor.ENGINE,
                dueAt.truncatedTo(ChronoUnit.MILLIS)));
    }

    // ---- state ------------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(MeetingCreated event) {
        meetingId = event.meetingId();
        settings = event.settings();
    }

    @EventSourcingHandler
    void on(MeetingSettingsChanged event) {
        settings = event.settings();
    }

    @EventSourcingHandler
    void on(MeetingEnded event) {
        ended = true;
    }

    @EventSourcingHandler
    void on(ParticipantAdded event) {
        replace(event.userId(), new Participant(event.preset(), event.permissions(), event.status()));
    }

    @EventSourcingHandler
    void on(ParticipantRemoved event) {
        replace(event.userId(), null);
    }

    @EventSourcingHandler
    void on(ParticipantPermissionsChanged event) {
        replace(event.userId(), new Participant(event.preset(), event.permissions(), event.to()));
    }

    @EventSourcingHandler
    void on(StageAccessRequested event, @SequenceNumber long sequence,
            @MetaDataValue(EXPIRY_DEADLINE_ID) String expiryDeadlineId) {
        replace(event.userId(), participants.get(event.userId()).withStatus(REQUESTED_TO_JOIN_STAGE));
        requestQueue.put(event.userId(), new PendingRequest(sequence, expiryDeadlineId));
    }

    /** Every other participant event only moves the participant's status. */
    @EventSourcingHandler
    void on(ParticipantEvent event) {
        replace(event.userId(), participants.get(event.userId()).withStatus(event.to()));
    }

    /** Puts (or, with null, removes) a participant, keeping the queue and the on-stage count in step. */
    private void replace(UserId userId, Participant after) {
        Participant before = after == null ? participants.remove(userId) : participants.put(userId, after);
        StageStatus from = before == null ? null : before.status();
        StageStatus to = after == null ? null : after.status();
        if (from == REQUESTED_TO_JOIN_STAGE && to != REQUESTED_TO_JOIN_STAGE) {
            requestQueue.remove(userId);
        }
        if (from == ON_STAGE) {
            onStageCount--;
        }
        if (to == ON_STAGE) {
            onStageCount++;
        }
    }

    // ---- queries ----------------------------------------------------------------------------------------

    /** Whether the user is a participant of this meeting now (asked before issuing it a token). */
    public boolean isParticipant(UserId userId) {
        return participants.containsKey(userId);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private Participant participant(UserId userId) {
        Participant participant = participants.get(userId);
        new IsParticipant(userId, participant).verify();
        return participant;
    }

    private void actorHolds(Actor actor, StageRules.Permission permission) {
        Participant actorAsParticipant = actor.userId().map(participants::get).orElse(null);
        new ActorHoldsPermission(actor, actorAsParticipant, permission).verify();
    }

    private List<UserId> targetsOf(TargetUsers targets) {
        if (targets instanceof TargetUsers.Listed listed) {
            List<UserId> unknown = listed.userIds().stream().filter(u -> !participants.containsKey(u)).toList();
            new AllTargetsAreParticipants(unknown).verify();
            return List.copyOf(listed.userIds());
        }
        return List.copyOf(requestQueue.keySet());
    }

    /** Cancels the expiry of the participant's pending request, if it has one. */
    private void cancelExpiry(UserId userId, DeadlineManager deadlines) {
        PendingRequest request = requestQueue.get(userId);
        if (request != null && request.expiryDeadlineId() != null) {
            deadlines.cancelSchedule(REQUEST_EXPIRY, request.expiryDeadlineId());
        }
    }

    private static String alreadyThere(StageStatus status) {
        return switch (status) {
            case REQUESTED_TO_JOIN_STAGE -> "already requested";
            case ACCEPTED_TO_JOIN_STAGE -> "already accepted";
            case ON_STAGE -> "already on stage";
            case OFF_STAGE -> "off stage";
        };
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private CommandOutcome outcome(List<TargetOutcome> outcomes) {
        return new CommandOutcome(meetingId, AggregateLifecycle.getVersion(), outcomes);
    }

    private MeetingOutcome meetingOutcome(boolean changed) {
        return new MeetingOutcome(meetingId, AggregateLifecycle.getVersion(), settings, changed);
    }
}
