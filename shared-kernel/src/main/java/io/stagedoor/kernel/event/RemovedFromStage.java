package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/** A host kicked a participant: off the stage to its resting status, or an acceptance taken back. */
public record RemovedFromStage(MeetingId meetingId, UserId userId, StageStatus from, StageStatus to,
                               Actor removedBy, Instant occurredAt) implements ParticipantEvent {

    @Override
    public Actor actor() {
        return removedBy;
    }
}
