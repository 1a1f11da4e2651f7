package io.stagedoor.command.stage;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;

import java.util.Collection;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The stage's invariants, one named rule each, with the error code of SPEC §6 it answers. */
final class StageRules {

    private StageRules() {
    }

    /** Nothing changes in an ended meeting. */
    record MeetingIsLive(boolean ended) implements StageRule {
        public boolean isViolated() {
            return ended;
        }

        public ErrorCode code() {
            return ErrorCode.MEETING_ENDED;
        }

        public String detail() {
            return "the meeting has ended";
        }
    }

    /** Commands that name a user act on participants of this meeting only. */
    record IsParticipant(UserId userId, Participant participant) implements StageRule {
        public boolean isViolated() {
            return participant == null;
        }

        public ErrorCode code() {
            return ErrorCode.PARTICIPANT_NOT_FOUND;
        }

        public String detail() {
            return "'" + userId + "' is not a participant of this meeting";
        }
    }

    /** A host command names only participants; otherwise it applies to nobody. */
    record AllTargetsAreParticipants(Collection<UserId> unknown) implements StageRule {
        public boolean isViolated() {
            return !unknown.isEmpty();
        }

        public ErrorCode code() {
            return ErrorCode.PARTICIPANT_NOT_FOUND;
        }

        public String detail() {
            String named = unknown.stream().limit(10).map(UserId::value).collect(Collectors.joining("', '", "'", "'"));
            return "not participants of this meeting: " + named + (unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "")
                    + "; nothing was applied";
        }
    }

    /**
     * Who may administer a meeting (decisions entry 4): changing its settings, ending it, adding participants,
     * removing others and changing their permissions take a service or a participant holding
     * canChangeParticipantPermissions. A participant removing itself is leaving the meeting: that needs none.
     */
    record MayAdministerMeeting(Actor actor, Participant actorAsParticipant) implements StageRule {
        public boolean isViolated() {
            return !holds(actor, actorAsParticipant, StagePermissions::canChangeParticipantPermissions);
        }

        public ErrorCode code() {
            return ErrorCode.PERMISSION_DENIED;
        }

        public String detail() {
            return lacking(actor, actorAsParticipant, "canChangeParticipantPermissions");
        }
    }

    /** Granting, denying and kicking take a service or a participant holding acceptStageRequests. */
    record MayAnswerStageRequests(Actor actor, Participant actorAsParticipant) implements StageRule {
        public boolean isViolated() {
            return !holds(actor, actorAsParticipant, StagePermissions::acceptStageRequests);
        }

        public ErrorCode code() {
            return ErrorCode.PERMISSION_DENIED;
        }

        public String detail() {
            return lacking(actor, actorAsParticipant, "acceptStageRequests");
        }
    }

    /** Stage commands apply only to participants for whom the stage is enabled. */
    record StageIsEnabled(Participant participant) implements StageRule {
        public boolean isViolated() {
            return !participant.permissions().stageEnabled();
        }

        public ErrorCode code() {
            return ErrorCode.STAGE_DISABLED;
        }

        public String detail() {
            return "the stage is disabled for this participant";
        }
    }

    /** A NOT_ALLOWED participant may not request the stage (a host may still invite it). */
    record StageAccessIsNotForbidden(Participant participant) implements StageRule {
        public boolean isViolated() {
            return participant.permissions().stageAccess() == StageAccess.NOT_ALLOWED;
        }

        public ErrorCode code() {
            return ErrorCode.STAGE_ACCESS_NOT_ALLOWED;
        }

        public String detail() {
            return "stage access is NOT_ALLOWED for this participant";
        }
    }

    /** A pending request is withdrawn with cancelRequestAccess, not leave. */
    record PendingRequestIsCancelledNotLeft(StageStatus status) implements StageRule {
        public boolean isViolated() {
            return status == StageStatus.REQUESTED_TO_JOIN_STAGE;
        }

        public ErrorCode code() {
            return ErrorCode.TRANSITION_NOT_ALLOWED;
        }

        public String detail() {
            return "the request is still pending: use cancel-request instead of leave";
        }
    }

    /** The on-stage count never exceeds maxOnStage. */
    record StageHasRoom(MeetingSettings settings, int onStageCount) implements StageRule {
        public boolean isViolated() {
            return settings.stageFullAt(onStageCount);
        }

        public ErrorCode code() {
            return ErrorCode.STAGE_FULL;
        }

        public String detail() {
            return "the stage is full (maxOnStage " + settings.maxOnStage() + ")";
        }
    }

    /**
     * maxOnStage can not be lowered below the number of participants on stage now; under autoAccept, where an
     * acceptance holds a seat, not below those on stage and accepted (so turning autoAccept on needs that room too).
     */
    record MaxOnStageCoversOnStage(MeetingSettings settings, int onStageCount, int seatsTaken) implements StageRule {
        public boolean isViolated() {
            return settings.maxOnStage() != null && settings.maxOnStage() < counted();
        }

        public ErrorCode code() {
            return ErrorCode.STAGE_FULL;
        }

        public String detail() {
            return settings.autoAccept()
                    ? "maxOnStage " + settings.maxOnStage() + " is below the " + seatsTaken
                      + " participants on stage or accepted, which autoAccept counts"
                    : "maxOnStage " + settings.maxOnStage() + " is below the " + onStageCount + " participants on stage";
        }

        private int counted() {
            return settings.autoAccept() ? seatsTaken : onStageCount;
        }
    }

    /** A request beyond the meeting's maxPendingRequests is refused (SPEC §8). */
    record RequestQueueHasRoom(MeetingSettings settings, int pending) implements StageRule {
        public boolean isViolated() {
            return settings.maxPendingRequests() != null && pending >= settings.maxPendingRequests();
        }

        public ErrorCode code() {
            return ErrorCode.REQUEST_QUEUE_FULL;
        }

        public String detail() {
            return "the request queue is full (maxPendingRequests " + settings.maxPendingRequests() + ")";
        }
    }

    /**
     * A service holds every permission; a participant holds those its current permissions give it (never those
     * of its token); an actor that is not a participant of the meeting holds none (decisions entry 5).
     */
    private static boolean holds(Actor actor, Participant actorAsParticipant, Predicate<StagePermissions> permission) {
        return actor instanceof Actor.Service
                || actorAsParticipant != null && permission.test(actorAsParticipant.permissions());
    }

    private static String lacking(Actor actor, Participant actorAsParticipant, String permission) {
        return actorAsParticipant == null
                ? "'" + actor.value() + "' is not a participant of this meeting"
                : "'" + actor.value() + "' lacks " + permission;
    }
}
