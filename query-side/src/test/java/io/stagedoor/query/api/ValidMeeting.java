package io.stagedoor.query.api;

import io.stagedoor.kernel.event.EngineReasons;
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
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.event.StageJoined;
import io.stagedoor.kernel.event.StageLeft;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.fold.StageOverview;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;

/**
 * One meeting as the Stage aggregate would run it, written for the query side's tests (which may not depend on the
 * command side): it turns commands into the events the aggregate would store, following the transitions of SPEC §2
 * and the policies of SPEC §8 — the engine ({@code service:stagedoor}) auto-accepts the oldest requests after every
 * command while a seat is free, withdraws acceptances that expire and cancels or unseats participants whose presence
 * is lost, each with its reason — so every stream it produces is valid. A command that the aggregate would refuse, or
 * that would change nothing, produces no event. It also keeps, independently of the read side, what the meeting
 * should look like.
 */
public final class ValidMeeting {

    /** What a command does. */
    public enum Action {
        ADD, REMOVE, CHANGE_PERMISSIONS, REQUEST, CANCEL_REQUEST, EXPIRE, GRANT, GRANT_ALL, DENY, DENY_ALL, JOIN, LEAVE,
        KICK, CHANGE_SETTINGS, EXPIRE_ACCEPTANCE, LOSE_PRESENCE, END
    }

    /** The participants a meeting's commands pick from: user ids whose byte order and case order differ. */
    static final List<UserId> USERS = List.of("ada", "Bob", "a-1", "Z9", "c:3", "d@x", "ada.2", "0z").stream()
                                          .map(UserId::of).toList();

    private static final Actor SERVICE = Actor.service("property");
    private static final Preset NOT_ALLOWED_VIEWER = new Preset(PresetName.of("not_allowed_viewer"),
            new StagePermissions(true, StageAccess.NOT_ALLOWED, false, false));
    /** Mostly viewers, who queue. */
    private static final List<Preset> PRESETS = List.of(BuiltInPresets.WEBINAR_HOST, BuiltInPresets.WEBINAR_PRESENTER,
            BuiltInPresets.WEBINAR_VIEWER, BuiltInPresets.WEBINAR_VIEWER, BuiltInPresets.WEBINAR_VIEWER,
            BuiltInPresets.LIVESTREAM_VIEWER, BuiltInPresets.LIVESTREAM_VIEWER, NOT_ALLOWED_VIEWER,
            BuiltInPresets.GROUP_CALL_PARTICIPANT);
    private static final List<StagePermissions> PERMISSIONS = List.of(
            new StagePermissions(true, StageAccess.ALLOWED, true, true),
            new StagePermissions(true, StageAccess.ALLOWED, false, false),
            new StagePermissions(true, StageAccess.CAN_REQUEST, false, false),
            new StagePermissions(true, StageAccess.CAN_REQUEST, true, false),
            new StagePermissions(true, StageAccess.NOT_ALLOWED, false, false),
            new StagePermissions(false, StageAccess.CAN_REQUEST, false, false),
            new StagePermissions(false, StageAccess.ALLOWED, false, false));

    private record Member(PresetName preset, StagePermissions permissions, StageStatus status) {
    }

    final MeetingId meetingId;
    private MeetingSettings settings;
    private boolean ended;
    private long version = -1;
    private final Map<UserId, Member> members = new LinkedHashMap<>();
    /** The REQUESTED participants in the order they asked. */
    private final Set<UserId> queue = new LinkedHashSet<>();

    public ValidMeeting(MeetingId meetingId) {
        this.meetingId = meetingId;
    }

    boolean created() {
        return settings != null;
    }

    /**
     * The events of a command at {@code now}: the meeting's creation if it does not exist yet, nothing once it ended.
     * A command about a user is about the first one, counting from {@code who}, for whom it changes something — one
     * of {@link #USERS} to add, else a participant — so that few commands are wasted.
     *
     * @param choice picks among the command's options (a preset, permissions, settings, a second target)
     */
    public List<StageEvent> decide(Action action, int who, int choice, Instant now) {
        List<StageEvent> events = new ArrayList<>();
        if (!created()) {
            emit(new MeetingCreated(meetingId, settings(choice), SERVICE, now), events);
        } else if (!ended) {
            switch (action) {
                case GRANT_ALL -> List.copyOf(queue).forEach(target -> hostDecision(Action.GRANT, target, now, events));
                case DENY_ALL -> List.copyOf(queue).forEach(target -> hostDecision(Action.DENY, target, now, events));
                case CHANGE_SETTINGS -> {
                    MeetingSettings next = settings(choice);
                    int counted = next.autoAccept() ? seatsTaken() : onStage();
                    if (!next.equals(settings) && !(next.maxOnStage() != null && next.maxOnStage() < counted)) {
                        emit(new MeetingSettingsChanged(meetingId, next, SERVICE, now), events);
                    }
                }
                case END -> {
                    for (UserId userId : List.copyOf(members.keySet())) {
                        StageStatus from = members.get(userId).status();
                        if (from != OFF_STAGE) {
                            emit(new StageClosed(meetingId, userId, from, SERVICE, now), events);
                        }
                    }
                    emit(new MeetingEnded(meetingId, SERVICE, now), events);
                }
                default -> {
                    List<UserId> users = action == Action.ADD ? USERS : List.copyOf(members.keySet());
                    for (int i = 0; i < users.size() && events.isEmpty(); i++) {
                        decide(action, users.get((who + i) % users.size()), choice, now, events);
                    }
                }
            }
            admitWhileThereIsRoom(now, events);
        }
        return events;
    }

    /** With autoAccept, after every command: the engine grants the oldest requests, one per free seat. */
    private void admitWhileThereIsRoom(Instant now, List<StageEvent> events) {
        if (ended || !settings.autoAccept()) {
            return;
        }
        List<UserId> oldest = queue.stream().limit(settings.freeSeats(seatsTaken())).toList();
        for (UserId userId : oldest) {
            emit(new StageAccessGranted(meetingId, userId, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, now,
                    acceptanceExpiry(now), EngineReasons.AUTO_ACCEPT), events);
        }
    }

    private Instant acceptanceExpiry(Instant now) {
        Integer timeout = settings.acceptTimeoutSeconds();
        return timeout == null ? null : now.plusSeconds(timeout);
    }

    /** A command about one user. */
    private void decide(Action action, UserId user, int choice, Instant now, List<StageEvent> events) {
        Member member = members.get(user);
        Actor self = Actor.participant(user);
        switch (action) {
            case ADD -> {
                Preset preset = PRESETS.get(choice % PRESETS.size());
                if (member == null) {
                    String name = choice % 5 == 0 ? null : "Name " + choice;
                    emit(new ParticipantAdded(meetingId, user, name, preset.name(), preset.permissions(),
                            preset.permissions().restingStatus(), SERVICE, now), events);
                } else if (!member.preset().equals(preset.name())) {
                    emit(permissionsChanged(user, member, preset.name(), preset.permissions(), now), events);
                }
            }
            case REMOVE -> {
                Actor by = choice % 2 == 0 ? self : SERVICE;
                emit(new ParticipantRemoved(meetingId, user, member.status(), by, now), events);
            }
            case CHANGE_PERMISSIONS -> {
                StagePermissions next = PERMISSIONS.get(choice % PERMISSIONS.size());
                if (!next.equals(member.permissions())) {
                    emit(permissionsChanged(user, member, member.preset(), next, now), events);
                }
            }
            case REQUEST -> {
                if (member.status() == OFF_STAGE && member.permissions().stageEnabled()
                        && member.permissions().stageAccess() == StageAccess.CAN_REQUEST
                        && !(settings.maxPendingRequests() != null && queue.size() >= settings.maxPendingRequests())) {
                    Integer timeout = settings.requestTimeoutSeconds();
                    emit(new StageAccessRequested(meetingId, user, self, now,
                            timeout == null ? null : now.plusSeconds(timeout)), events);
                }
            }
            case CANCEL_REQUEST -> {
                if (member.status() == REQUESTED_TO_JOIN_STAGE) {
                    emit(new StageAccessRequestCancelled(meetingId, user, self, now), events);
                }
            }
            case EXPIRE -> {
                if (member.status() == REQUESTED_TO_JOIN_STAGE) {
                    emit(new StageAccessRequestExpired(meetingId, user, Actor.ENGINE, now), events);
                }
            }
            case GRANT, DENY, KICK -> List.of(user, participant(choice)).stream().distinct()
                                          .forEach(target -> hostDecision(action, target, now, events));
            case JOIN -> {
                int taken = settings.autoAccept() && !acceptedByAHost(member) ? seatsTaken() : onStage();
                if (member.permissions().stageEnabled() && member.status() == ACCEPTED_TO_JOIN_STAGE
                        && !settings.stageFullAt(taken)) {
                    emit(new StageJoined(meetingId, user, self, now), events);
                }
            }
            case LEAVE -> {
                if (member.status() == ON_STAGE || acceptedByAHost(member)) {
                    emit(new StageLeft(meetingId, user, member.status(), offStageStatus(member), self, now), events);
                }
            }
            case EXPIRE_ACCEPTANCE -> {
                // as if the acceptance's deadline were due now
                if (settings.acceptTimeoutSeconds() != null && acceptedByAHost(member)) {
                    emit(new StageAccessDenied(meetingId, user, ACCEPTED_TO_JOIN_STAGE, Actor.ENGINE, now,
                            EngineReasons.ACCEPTANCE_EXPIRED), events);
                }
            }
            case LOSE_PRESENCE -> {
                if (settings.presenceGraceSeconds() == null) {
                    return;
                }
                if (member.status() == REQUESTED_TO_JOIN_STAGE) {
                    emit(new StageAccessRequestCancelled(meetingId, user, Actor.ENGINE, now,
                            EngineReasons.PRESENCE_LOST), events);
                } else if (member.status() == ON_STAGE || acceptedByAHost(member)) {
                    emit(new RemovedFromStage(meetingId, user, member.status(), offStageStatus(member), Actor.ENGINE,
                            now, EngineReasons.PRESENCE_LOST), events);
                }
            }
            default -> throw new IllegalArgumentException(action + " is not about one user");
        }
    }

    /** One of the participants. */
    private UserId participant(int which) {
        return List.copyOf(members.keySet()).get(which % members.size());
    }

    /**
     * Decides one target of a host command, on the meeting as the earlier targets left it. Under autoAccept a grant
     * takes a free seat, and there is none for it beyond them.
     */
    private void hostDecision(Action action, UserId target, Instant now, List<StageEvent> events) {
        Member member = members.get(target);
        Actor host = Actor.participant(USERS.get(0));
        StageEvent event = null;
        if (action == Action.GRANT && member.permissions().stageEnabled()
                && (member.status() == OFF_STAGE || member.status() == REQUESTED_TO_JOIN_STAGE)
                && !(settings.autoAccept() && settings.freeSeats(seatsTaken()) == 0)) {
            event = new StageAccessGranted(meetingId, target, member.status(), host, now, acceptanceExpiry(now), null);
        } else if (action == Action.DENY && (member.status() == REQUESTED_TO_JOIN_STAGE || acceptedByAHost(member))) {
            event = new StageAccessDenied(meetingId, target, member.status(), host, now);
        } else if (action == Action.KICK && (member.status() == ON_STAGE || acceptedByAHost(member))) {
            event = new RemovedFromStage(meetingId, target, member.status(), offStageStatus(member), host, now);
        }
        if (event != null) {
            emit(event, events);
        }
    }

    private ParticipantPermissionsChanged permissionsChanged(UserId user, Member member, PresetName preset,
                                                             StagePermissions next, Instant now) {
        return new ParticipantPermissionsChanged(meetingId, user, preset, next, member.status(),
                statusUnder(member, next), SERVICE, now);
    }

    /** SPEC §2, change permissions. */
    private static StageStatus statusUnder(Member member, StagePermissions next) {
        if (next.barredFromStage()) {
            return OFF_STAGE;
        }
        if (next.joinsDirectly()) {
            return member.status() == OFF_STAGE || member.status() == REQUESTED_TO_JOIN_STAGE
                    ? ACCEPTED_TO_JOIN_STAGE : member.status();
        }
        if (member.permissions().joinsDirectly() && member.status() == ACCEPTED_TO_JOIN_STAGE) {
            return OFF_STAGE;
        }
        return member.status();
    }

    /** Leaving or kicked: from the stage to the resting status; an acceptance given back goes OFF. */
    private static StageStatus offStageStatus(Member member) {
        return member.status() == ON_STAGE ? member.permissions().restingStatus() : OFF_STAGE;
    }

    private static boolean acceptedByAHost(Member member) {
        return member.status() == ACCEPTED_TO_JOIN_STAGE && !member.permissions().joinsDirectly();
    }

    private static MeetingSettings settings(int choice) {
        return new MeetingSettings(choice % 3 == 0 ? null : "Meeting " + choice % 7,
                choice % 4 == 0 ? null : 1 + choice % 3, choice % 2 == 0 ? null : 30, choice % 5 == 1,
                choice % 3 == 1 ? 20 : null, choice % 6 == 5 ? 2 : null, choice % 7 < 3 ? 10 : null);
    }

    /** Appends an event the meeting decided and applies it, so that what follows is decided on its outcome. */
    private void emit(StageEvent event, List<StageEvent> events) {
        events.add(event);
        version++;
        if (event instanceof MeetingCreated created) {
            settings = created.settings();
        } else if (event instanceof MeetingSettingsChanged changed) {
            settings = changed.settings();
        } else if (event instanceof MeetingEnded) {
            ended = true;
        } else if (event instanceof ParticipantEvent change) {
            moved(change);
        }
    }

    private void moved(ParticipantEvent change) {
        UserId user = change.userId();
        if (change.to() == REQUESTED_TO_JOIN_STAGE && change.from() != REQUESTED_TO_JOIN_STAGE) {
            queue.add(user);
        } else if (change.to() != REQUESTED_TO_JOIN_STAGE) {
            queue.remove(user);
        }
        if (change instanceof ParticipantRemoved) {
            members.remove(user);
        } else if (change instanceof ParticipantAdded added) {
            members.put(user, new Member(added.preset(), added.permissions(), added.status()));
        } else if (change instanceof ParticipantPermissionsChanged changed) {
            members.put(user, new Member(changed.preset(), changed.permissions(), changed.to()));
        } else {
            Member member = members.get(user);
            members.put(user, new Member(member.preset(), member.permissions(), change.to()));
        }
    }

    private int onStage() {
        return (int) members.values().stream().filter(m -> m.status() == ON_STAGE).count();
    }

    /** The seats autoAccept counts: on stage, or holding an acceptance a host or the engine gave. */
    private int seatsTaken() {
        return onStage() + (int) members.values().stream().filter(ValidMeeting::acceptedByAHost).count();
    }

    // ---- what the read side should show, kept independently of it --------------------------------------

    public long version() {
        return version;
    }

    boolean ended() {
        return ended;
    }

    Map<UserId, StageStatus> statuses() {
        Map<UserId, StageStatus> statuses = new LinkedHashMap<>();
        members.forEach((user, member) -> statuses.put(user, member.status()));
        return statuses;
    }

    List<String> queue() {
        return queue.stream().map(UserId::value).toList();
    }

    StageOverview.Counts counts() {
        return new StageOverview.Counts(members.size(), onStage(), count(ACCEPTED_TO_JOIN_STAGE), queue.size());
    }

    private int count(StageStatus status) {
        return (int) members.values().stream().filter(m -> m.status() == status).count();
    }
}
