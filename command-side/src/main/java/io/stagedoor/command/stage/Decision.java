package io.stagedoor.command.stage;

import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.command.UnchangedReason;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

/**
 * What a command decided for one participant, with the outcome it answers: the event that changes the
 * participant, or (with no event) why it stays as it is. A command decides for every participant it touches
 * before the stage applies any event.
 *
 * @param event the change to apply; null when nothing changes
 */
record Decision(ParticipantEvent event, TargetOutcome outcome) {

    static Decision change(ParticipantEvent event) {
        return new Decision(event, TargetOutcome.changed(event.userId(), event.from(), event.to()));
    }

    static Decision unchanged(UserId userId, Participant participant, UnchangedReason reason) {
        return unchanged(userId, participant.status(), reason);
    }

    static Decision unchanged(UserId userId, StageStatus status, UnchangedReason reason) {
        return new Decision(null, TargetOutcome.unchanged(userId, status, reason));
    }
}
