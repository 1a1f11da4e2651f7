package io.stagedoor.kernel.stage;

import io.stagedoor.kernel.error.InvalidInput;

/** A change to some of a participant's four stage permissions; {@code null} keeps the current value. */
public record PermissionsPatch(Boolean stageEnabled,
                               StageAccess stageAccess,
                               Boolean acceptStageRequests,
                               Boolean canChangeParticipantPermissions) {

    public PermissionsPatch {
        if (stageEnabled == null && stageAccess == null && acceptStageRequests == null
                && canChangeParticipantPermissions == null) {
            throw new InvalidInput("a permissions change names at least one of stageEnabled, stageAccess, "
                    + "acceptStageRequests, canChangeParticipantPermissions");
        }
    }
}
