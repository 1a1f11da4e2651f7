package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

/**
 * What a command did to one participant. {@code from}/{@code to} are null where the participant did not
 * exist before (added) or no longer exists after (removed).
 *
 * @param reason why nothing changed, for an unchanged outcome; null when {@code changed}
 */
public record TargetOutcome(UserId userId, StageStatus from, StageStatus to, boolean changed,
                            UnchangedReason reason) {

    public static TargetOutcome changed(UserId userId, StageStatus from, StageStatus to) {
        return new TargetOutcome(userId, from, to, true, null);
    }

    public static TargetOutcome unchanged(UserId userId, StageStatus status, UnchangedReason reason) {
        return new TargetOutcome(userId, status, status, false, reason);
    }
}
