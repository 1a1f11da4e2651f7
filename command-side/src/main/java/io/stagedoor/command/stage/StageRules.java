package io.stagedoor.command.stage;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StageStatus;

import java.util.Collection;
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

    /** The actor must hold the permission the command needs, taken from the meeting's current state. */
    record ActorHoldsPermission(Actor actor, Participant actorAsParticipant, Permission permission)
            implements StageRule {
        public boolean isViolated() {
            if (actor instanceof Actor.Service) {
                return false;
            }
            return actorAsParticipant == null || !permission.heldBy(actorAsParticipant);
        }

        public ErrorCode code() {
            return ErrorCode.PERMISSION_DENIED;
        }

        public String detail() {
            return actorAsParticipant == null
                    ? "'" + actor.value() + "' is not a participant of this meeting"
                    : "'" + actor.value() + "' lacks " + permission.label;
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

    /** Only an accepted participant joins the stage. */
    record JoinNeedsAcceptance(StageStatus status) implements StageRule {
        public boolean isViolated() {
            return status != StageStatus.ACCEPTED_TO_JOIN_STAGE && status != StageStatus.ON_STAGE;
        }

        public ErrorCode code() {
            return ErrorCode.TRANSITION_NOT_ALLOWED;
        }

        public String detail() {
            return "cannot join the stage from " + status + ": request access and wait to be accepted";
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

    /** maxOnStage can not be lowered below the number of participants on stage now. */
    record MaxOnStageCoversOnStage(MeetingSettings settings, int onStageCount) implements StageRule {
        public boolean isViolated() {
            return settings.maxOnStage() != null && settings.maxOnStage() < onStageCount;
        }

        public ErrorCode code() {
            return ErrorCode.STAGE_FULL;
        }

        public String detail() {
            return "maxOnStage " + settings.maxOnStage() + " is below the " + onStageCount + " participants on stage";
        }
    }

    enum Permission {
        ACCEPT_STAGE_REQUESTS("acceptStageRequests"),
        CHANGE_PARTICIPANT_PERMISSIONS("canChangeParticipantPermissions");

        private final String label;

        Permission(String label) {
            this.label = label;
        }

        boolean heldBy(Participant participant) {
            return switch (this) {
                case ACCEPT_STAGE_REQUESTS -> participant.permissions().acceptStageRequests();
                case CHANGE_PARTICIPANT_PERMISSIONS -> participant.permissions().canChangeParticipantPermissions();
            };
        }
    }
}
