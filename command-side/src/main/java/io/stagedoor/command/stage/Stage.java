package io.stagedoor.command.stage;

import io.stagedoor.command.stage.HostPolicy.Deny;
import io.stagedoor.command.stage.HostPolicy.Grant;
import io.stagedoor.command.stage.HostPolicy.Kick;
import io.stagedoor.command.stage.StageRules.AllTargetsAreParticipants;
import io.stagedoor.command.stage.StageRules.IsParticipant;
import io.stagedoor.command.stage.StageRules.MaxOnStageCoversOnStage;
import io.stagedoor.command.stage.StageRules.MayAdministerMeeting;
import io.stagedoor.command.stage.StageRules.MayAnswerStageRequests;
import io.stagedoor.command.stage.StageRules.MeetingIsLive;
import io.stagedoor.command.stage.StageRules.PendingRequestIsCancelledNotLeft;
import io.stagedoor.command.stage.StageRules.RequestQueueHasRoom;
import io.stagedoor.command.stage.StageRules.StageAccessIsNotForbidden;
import io.stagedoor.command.stage.StageRules.StageHasRoom;
import io.stagedoor.command.stage.StageRules.StageIsEnabled;
import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.AddParticipants;
import io.stagedoor.kernel.command.CancelStageAccessRequest;
import io.stagedoor.kernel.command.ChangeMeetingSettings;
import io.stagedoor.kernel.command.ChangeParticipantPermissions;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.DenyStageAccess;
import io.stagedoor.kernel.command.EndMeeting;
import io.stagedoor.kernel.command.ExpireStageAcceptance;
import io.stagedoor.kernel.command.ExpireStageRequest;
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
import io.stagedoor.kernel.event.EngineReasons;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.RemovedFromStage;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.ParticipantRemoved;
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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.stagedoor.kernel.command.UnchangedReason.ALREADY_A_PARTICIPANT;
import static io.stagedoor.kernel.command.UnchangedReason.ALREADY_ON_STAGE;
import static io.stagedoor.kernel.command.UnchangedReason.JOINS_DIRECTLY;
import static io.stagedoor.kernel.command.UnchangedReason.NOT_ON_STAGE;
import static io.stagedoor.kernel.command.UnchangedReason.NO_PENDING_REQUEST;
import static io.stagedoor.kernel.command.UnchangedReason.PERMISSIONS_UNCHANGED;
import static io.stagedoor.kernel.command.UnchangedReason.STAGE_FULL;
import static io.stagedoor.kernel.error.ErrorCode.TRANSITION_NOT_ALLOWED;
import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The stage of one meeting: decides every command of SPEC §2 and records what it decided as events.
 * <p>
 * A command handler first checks every rule and decides for every participant it touches, then applies the
 * events: a refused command has changed nothing. Event-sourcing handlers only assign state. State is what
 * decisions need, nothing more: a meeting with 50,000 participants stays small and fast.
 * <p>
 * The policies of SPEC §8 are decided here too, as the engine ({@link Actor#ENGINE}) with a stated reason: after
 * every command of a meeting with {@code autoAccept}, each free seat goes to the oldest request
 * ({@link #admitWhileThereIsRoom}), so no seat is free while a request waits.
 * <p>
 * Snapshots are the fields of the stage and its {@link Roster}; revision 3 is that shape (snapshots of an
 * earlier shape are ignored and the meeting is sourced from its events).
 */
@Revision("3")
public class Stage {

    @AggregateIdentifier
    private MeetingId meetingId;
    private MeetingSettings settings;
    private boolean ended;
    private Roster roster = new Roster();

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
        mayAdminister(command.actor());
        MeetingSettings changed = settings.with(command.patch());
        if (changed.equals(settings)) {
            return meetingOutcome(false);
        }
        new MaxOnStageCoversOnStage(changed, roster.onStageCount(), roster.seatsTaken()).verify();
        apply(new MeetingSettingsChanged(meetingId, changed, command.actor(), now()));
        return meetingOutcome(true, admitWhileThereIsRoom());
    }

    @CommandHandler
    CommandOutcome handle(EndMeeting command) {
        new MeetingIsLive(ended).verify();
        mayAdminister(command.actor());
        Instant now = now();
        List<Decision> closes = roster.participants().entrySet().stream()
                                      .filter(entry -> !entry.getValue().is(OFF_STAGE))
                                      .map(entry -> Decision.change(new StageClosed(meetingId, entry.getKey(),
                                              entry.getValue().status(), command.actor(), now)))
                                      .toList();
        applyAll(closes);
        apply(new MeetingEnded(meetingId, command.actor(), now));
        return outcome(closes);
    }

    // ---- participants -----------------------------------------------------------------------------------

    @CommandHandler
    CommandOutcome handle(AddParticipant command) {
        new MeetingIsLive(ended).verify();
        mayAdminister(command.actor());
        return carryOut(List.of(addition(new AddParticipants.Entry(command.userId(), command.name(), command.preset()),
                command.actor())));
    }

    /** Every entry is decided before any is applied: all are added (or changed) or, on a refusal, none. */
    @CommandHandler
    CommandOutcome handle(AddParticipants command) {
        new MeetingIsLive(ended).verify();
        mayAdminister(command.actor());
        return carryOut(command.participants().stream().map(entry -> addition(entry, command.actor())).toList());
    }

    /** A new participant is added at its resting status; an existing one with another preset takes its permissions. */
    private Decision addition(AddParticipants.Entry entry, Actor actor) {
        UserId userId = entry.userId();
        Participant existing = roster.participant(userId);
        PresetName preset = entry.preset().name();
        StagePermissions permissions = entry.preset().permissions();
        if (existing == null) {
            return Decision.change(new ParticipantAdded(meetingId, userId, entry.name(), preset, permissions,
                    permissions.restingStatus(), actor, now()));
        }
        if (existing.preset().equals(preset)) {
            return Decision.unchanged(userId, existing, ALREADY_A_PARTICIPANT);
        }
        return permissionsChange(userId, existing, preset, permissions, actor);
    }

    @CommandHandler
    CommandOutcome handle(RemoveParticipant command) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        boolean leavesByItself = command.actor().userId().map(userId::equals).orElse(false);
        if (!leavesByItself) {
            mayAdminister(command.actor());
        }
        Participant participant = participant(userId);
        return carryOut(List.of(Decision.change(
                new ParticipantRemoved(meetingId, userId, participant.status(), command.actor(), now()))));
    }

    @CommandHandler
    CommandOutcome handle(ChangeParticipantPermissions command) {
        new MeetingIsLive(ended).verify();
        mayAdminister(command.actor());
        UserId userId = command.userId();
        Participant participant = participant(userId);
        StagePermissions changed = participant.permissions().with(command.patch());
        Decision decision = changed.equals(participant.permissions())
                ? Decision.unchanged(userId, participant, PERMISSIONS_UNCHANGED)
                : permissionsChange(userId, participant, participant.preset(), changed, command.actor());
        return carryOut(List.of(decision));
    }

    private Decision permissionsChange(UserId userId, Participant participant, PresetName preset,
                                       StagePermissions permissions, Actor actor) {
        return Decision.change(new ParticipantPermissionsChanged(meetingId, userId, preset, permissions,
                participant.status(), participant.statusUnder(permissions), actor, now()));
    }

    // ---- self commands ----------------------------------------------------------------------------------

    @CommandHandler
    CommandOutcome handle(RequestStageAccess command) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        Participant participant = participant(userId);
        new StageIsEnabled(participant).verify();
        new StageAccessIsNotForbidden(participant).verify();
        if (!participant.is(OFF_STAGE)) {
            return carryOut(List.of(Decision.unchanged(userId, participant, participant.alreadyThere())));
        }
        new RequestQueueHasRoom(settings, roster.requestQueue().size()).verify();
        Instant now = now();
        Integer timeout = settings.requestTimeoutSeconds();
        Instant expiresAt = timeout == null ? null : now.plusSeconds(timeout);
        return carryOut(List.of(Decision.change(new StageAccessRequested(meetingId, userId, command.actor(), now, expiresAt))));
    }

    @CommandHandler
    CommandOutcome handle(CancelStageAccessRequest command) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        Participant participant = participant(userId);
        Decision decision = participant.is(REQUESTED_TO_JOIN_STAGE)
                ? Decision.change(new StageAccessRequestCancelled(meetingId, userId, command.actor(), now()))
                : Decision.unchanged(userId, participant, NO_PENDING_REQUEST);
        return carryOut(List.of(decision));
    }

    @CommandHandler
    CommandOutcome handle(JoinStage command) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        Participant participant = participant(userId);
        new StageIsEnabled(participant).verify();
        if (participant.is(ON_STAGE)) {
            return carryOut(List.of(Decision.unchanged(userId, participant, ALREADY_ON_STAGE)));
        }
        if (!participant.is(ACCEPTED_TO_JOIN_STAGE)) {
            new StageAccessIsNotForbidden(participant).verify();
            throw new StageRuleViolation(TRANSITION_NOT_ALLOWED, "cannot join the stage from " + participant.status()
                    + ": request access and wait to be accepted");
        }
        // an acceptance a host gave holds its seat already; one that joins directly takes a free seat under autoAccept
        int taken = settings.autoAccept() && !participant.acceptedByAHost() ? roster.seatsTaken() : roster.onStageCount();
        new StageHasRoom(settings, taken).verify();
        return carryOut(List.of(Decision.change(new StageJoined(meetingId, userId, command.actor(), now()))));
    }

    @CommandHandler
    CommandOutcome handle(LeaveStage command) {
        new MeetingIsLive(ended).verify();
        UserId userId = command.userId();
        Participant participant = participant(userId);
        new PendingRequestIsCancelledNotLeft(participant.status()).verify();
        Decision decision;
        if (participant.is(ON_STAGE) || participant.acceptedByAHost()) {
            decision = Decision.change(new StageLeft(meetingId, userId, participant.status(),
                    participant.offTheStage(), command.actor(), now()));
        } else {
            decision = Decision.unchanged(userId, participant, participant.is(OFF_STAGE) ? NOT_ON_STAGE : JOINS_DIRECTLY);
        }
        return carryOut(List.of(decision));
    }

    // ---- host commands ----------------------------------------------------------------------------------

    /**
     * Grants take seats: "grant next" never more than are free (with maxOnStage), and under autoAccept no grant does;
     * a grant beyond the free seats leaves its participant as it is, reason "stage full".
     */
    @CommandHandler
    CommandOutcome handle(GrantStageAccess command) {
        Instant now = now();
        List<Decision> grants = decideForTargets(command.targets(), new Grant(meetingId, command.actor(), now,
                acceptanceExpiry(now)));
        boolean seatsBound = command.targets() instanceof TargetUsers.Oldest || settings.autoAccept();
        return carryOut(seatsBound ? withinSeats(grants, settings.freeSeats(roster.seatsTaken())) : grants);
    }

    /** The changes beyond the first {@code seats} become "stage full": their participants stay as they are. */
    private static List<Decision> withinSeats(List<Decision> grants, int seats) {
        List<Decision> within = new ArrayList<>(grants.size());
        int free = seats;
        for (Decision grant : grants) {
            if (grant.event() == null) {
                within.add(grant);
            } else if (free > 0) {
                within.add(grant);
                free--;
            } else {
                within.add(Decision.unchanged(grant.event().userId(), grant.event().from(), STAGE_FULL));
            }
        }
        return within;
    }

    @CommandHandler
    CommandOutcome handle(DenyStageAccess command) {
        return carryOut(decideForTargets(command.targets(), new Deny(meetingId, command.actor(), now())));
    }

    @CommandHandler
    CommandOutcome handle(KickFromStage command) {
        return carryOut(decideForTargets(command.targets(), new Kick(meetingId, command.actor(), now())));
    }

    /** Every named participant must exist before anything is decided (decisions entry 6); then each is decided. */
    private List<Decision> decideForTargets(TargetUsers targets, HostPolicy policy) {
        new MeetingIsLive(ended).verify();
        new MayAnswerStageRequests(policy.actor(), actorAsParticipant(policy.actor())).verify();
        List<UserId> userIds;
        if (targets instanceof TargetUsers.Listed listed) {
            new AllTargetsAreParticipants(roster.notParticipants(listed.userIds())).verify();
            userIds = List.copyOf(listed.userIds());
        } else if (targets instanceof TargetUsers.Oldest oldest) {
            userIds = roster.requestQueue().keySet().stream().limit(oldest.count()).toList();
        } else {
            userIds = List.copyOf(roster.requestQueue().keySet());
        }
        return userIds.stream().map(userId -> policy.decide(userId, roster.participant(userId))).toList();
    }

    // ---- request expiry ---------------------------------------------------------------------------------

    /**
     * A pending request reached the meeting's request timeout: the engine fires this at the request's
     * {@code expiresAt}, which the expiry records as the moment it happened. A request answered, cancelled or made
     * again since is not this one: nothing changes.
     */
    @CommandHandler
    CommandOutcome handle(ExpireStageRequest command) {
        PendingRequest request = roster.requestQueue().get(command.userId());
        if (ended || request == null || request.sequence() != command.requestVersion()) {
            return outcome(List.of());
        }
        return carryOut(List.of(Decision.change(new StageAccessRequestExpired(meetingId, command.userId(), Actor.ENGINE,
                command.dueAt().truncatedTo(ChronoUnit.MILLIS)))));
    }

    // ---- acceptance expiry and presence -------------------------------------------------------------------

    /**
     * An acceptance was not used to join within the meeting's accept timeout: the engine fires this at its
     * {@code expiresAt}. The participant goes OFF and is told it was rejected (reason "acceptance expired"); the seat
     * is free again. An acceptance used, withdrawn or granted again since is not this one: nothing changes.
     */
    @CommandHandler
    CommandOutcome handle(ExpireStageAcceptance command) {
        Long granted = roster.acceptances().get(command.userId());
        if (ended || granted == null || granted != command.acceptanceVersion()) {
            return outcome(List.of());
        }
        return carryOut(List.of(Decision.change(new StageAccessDenied(meetingId, command.userId(),
                ACCEPTED_TO_JOIN_STAGE, Actor.ENGINE, command.dueAt().truncatedTo(ChronoUnit.MILLIS),
                EngineReasons.ACCEPTANCE_EXPIRED))));
    }

    /**
     * The participant was absent (no live stream, no heartbeat) for longer than the meeting's presence grace: its
     * pending request is cancelled, or its seat released — ON to its resting status, an acceptance to OFF — reason
     * "presence lost". A participant that moved since it was judged, or a meeting without a presence grace, is left
     * as it is.
     */
    @CommandHandler
    CommandOutcome handle(LosePresence command) {
        Participant participant = roster.participant(command.userId());
        if (ended || settings.presenceGraceSeconds() == null || participant == null
                || participant.since() != command.holdingSince() || !participant.holdsAPlace()) {
            return outcome(List.of());
        }
        Instant now = now();
        UserId userId = command.userId();
        ParticipantEvent loss = participant.is(REQUESTED_TO_JOIN_STAGE)
                ? new StageAccessRequestCancelled(meetingId, userId, Actor.ENGINE, now, EngineReasons.PRESENCE_LOST)
                : new RemovedFromStage(meetingId, userId, participant.status(), participant.offTheStage(), Actor.ENGINE,
                        now, EngineReasons.PRESENCE_LOST);
        return carryOut(List.of(Decision.change(loss)));
    }

    // ---- auto-admit -------------------------------------------------------------------------------------

    /**
     * With autoAccept, grants the oldest requests, one per free seat, as the engine (reason "auto-accept"). Runs
     * after every command's own events, so whatever freed a seat — a leave, a kick, a denial, a removal, an expiry,
     * a raised maxOnStage, turning autoAccept on — fills it in the same transaction.
     */
    private List<Decision> admitWhileThereIsRoom() {
        if (ended || !settings.autoAccept()) {
            return List.of();
        }
        List<UserId> oldest = roster.requestQueue().keySet().stream()
                                    .limit(settings.freeSeats(roster.seatsTaken())).toList();
        if (oldest.isEmpty()) {
            return List.of();
        }
        Instant now = now();
        List<Decision> admitted = oldest.stream().map(userId -> Decision.change(new StageAccessGranted(meetingId,
                userId, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, now, acceptanceExpiry(now), EngineReasons.AUTO_ACCEPT)))
                                        .toList();
        applyAll(admitted);
        return admitted;
    }

    /** When an acceptance granted now expires; null without an accept timeout. */
    private Instant acceptanceExpiry(Instant now) {
        Integer timeout = settings.acceptTimeoutSeconds();
        return timeout == null ? null : now.plusSeconds(timeout);
    }

    // ---- carrying out what was decided ------------------------------------------------------------------

    /**
     * Applies the decisions' events, then fills the seats they freed, and answers: one outcome per participant, those
     * the command named first, then those it admitted; a participant both named and admitted (a request granted at
     * once) is answered once, from where it was to where it ended.
     */
    private CommandOutcome carryOut(List<Decision> decisions) {
        applyAll(decisions);
        return outcome(decisions, admitWhileThereIsRoom());
    }

    private static void applyAll(List<Decision> decisions) {
        for (Decision decision : decisions) {
            if (decision.event() != null) {
                apply(decision.event());
            }
        }
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
    void on(ParticipantAdded event, @SequenceNumber long sequence) {
        roster.put(event.userId(), new Participant(event.preset(), event.permissions(), event.status(), sequence));
    }

    @EventSourcingHandler
    void on(ParticipantRemoved event) {
        roster.remove(event.userId());
    }

    @EventSourcingHandler
    void on(ParticipantPermissionsChanged event, @SequenceNumber long sequence) {
        roster.put(event.userId(), new Participant(event.preset(), event.permissions(), event.to(), sequence));
    }

    @EventSourcingHandler
    void on(StageAccessRequested event, @SequenceNumber long sequence) {
        roster.request(event.userId(), sequence);
    }

    @EventSourcingHandler
    void on(StageAccessGranted event, @SequenceNumber long sequence) {
        roster.accept(event.userId(), sequence);
    }

    /** Every other participant event only moves the participant's status. */
    @EventSourcingHandler
    void on(ParticipantEvent event, @SequenceNumber long sequence) {
        roster.move(event.userId(), event.to(), sequence);
    }

    // ---- queries ----------------------------------------------------------------------------------------

    /** Whether the user is a participant of this meeting now (asked before issuing it a token). */
    public boolean isParticipant(UserId userId) {
        return roster.participant(userId) != null;
    }

    // what the stage holds, for its tests (read as a value, never by reflection)

    MeetingId meetingId() {
        return meetingId;
    }

    MeetingSettings settings() {
        return settings;
    }

    boolean ended() {
        return ended;
    }

    Roster roster() {
        return roster;
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private Participant participant(UserId userId) {
        Participant participant = roster.participant(userId);
        new IsParticipant(userId, participant).verify();
        return participant;
    }

    private Participant actorAsParticipant(Actor actor) {
        return actor.userId().map(roster::participant).orElse(null);
    }

    private void mayAdminister(Actor actor) {
        new MayAdministerMeeting(actor, actorAsParticipant(actor)).verify();
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private CommandOutcome outcome(List<Decision> decisions) {
        return outcome(decisions, List.of());
    }

    private CommandOutcome outcome(List<Decision> decisions, List<Decision> admitted) {
        return new CommandOutcome(meetingId, AggregateLifecycle.getVersion(), outcomes(decisions, admitted));
    }

    /** One outcome per participant: a participant also admitted is answered from where it was to where it ended. */
    private static List<TargetOutcome> outcomes(List<Decision> decisions, List<Decision> admitted) {
        Map<UserId, TargetOutcome> byUser = new LinkedHashMap<>();
        for (Decision decision : decisions) {
            byUser.put(decision.outcome().userId(), decision.outcome());
        }
        for (Decision admission : admitted) {
            byUser.merge(admission.outcome().userId(), admission.outcome(),
                    (named, then) -> TargetOutcome.changed(named.userId(), named.from(), then.to()));
        }
        return List.copyOf(byUser.values());
    }

    private MeetingOutcome meetingOutcome(boolean changed) {
        return meetingOutcome(changed, List.of());
    }

    private MeetingOutcome meetingOutcome(boolean changed, List<Decision> admitted) {
        return new MeetingOutcome(meetingId, AggregateLifecycle.getVersion(), settings, changed,
                outcomes(List.of(), admitted));
    }
}
