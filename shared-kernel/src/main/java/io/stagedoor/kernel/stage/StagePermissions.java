package io.stagedoor.kernel.stage;

import io.stagedoor.kernel.error.InvalidInput;

/**
 * The stage permissions of a participant (names from RealtimeKit's {@code RTKPermissionsPreset}).
 *
 * @param stageEnabled                    stage management applies to this participant at all
 * @param stageAccess                     how the participant may get onto the stage
 * @param acceptStageRequests             may grant, deny and kick
 * @param canChangeParticipantPermissions may change other participants' permissions
 */
public record StagePermissions(boolean stageEnabled,
                               StageAccess stageAccess,
                               boolean acceptStageRequests,
                               boolean canChangeParticipantPermissions) {

    public StagePermissions {
        if (stageAccess == null) {
            throw new InvalidInput("stageAccess is required");
        }
    }

    /** Joins the stage without asking: stage management applies and access is ALLOWED. */
    public boolean joinsDirectly() {
        return stageEnabled && stageAccess == StageAccess.ALLOWED;
    }

    /**
     * The status this participant returns to when nothing holds it elsewhere: ACCEPTED for those who join
     * directly ("a user with permission to join stage directly can only assume ON_STAGE and
     * ACCEPTED_TO_JOIN_STAGE"), OFF for everyone else — including participants for whom the stage is disabled.
     */
    public StageStatus restingStatus() {
        return joinsDirectly() ? StageStatus.ACCEPTED_TO_JOIN_STAGE : StageStatus.OFF_STAGE;
    }

    /** Participants who cannot be on the stage at all: stage disabled, or NOT_ALLOWED. */
    public boolean barredFromStage() {
        return !stageEnabled || stageAccess == StageAccess.NOT_ALLOWED;
    }

    public StagePermissions with(PermissionsPatch patch) {
        return new StagePermissions(
                patch.stageEnabled() != null ? patch.stageEnabled() : stageEnabled,
                patch.stageAccess() != null ? patch.stageAccess() : stageAccess,
                patch.acceptStageRequests() != null ? patch.acceptStageRequests() : acceptStageRequests,
                patch.canChangeParticipantPermissions() != null
                        ? patch.canChangeParticipantPermissions() : canChangeParticipantPermissions);
    }
}
