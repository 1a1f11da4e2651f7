package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/**
 * A participant left the meeting or was removed from it: a pending request is dropped, an ON or ACCEPTED
 * participant goes OFF, then the participant is gone.
 *
 * @param lastStatus the status the participant had before
 */
public record ParticipantRemoved(MeetingId meetingId, UserId userId, StageStatus lastStatus, Actor removedBy,
                                 Instant occurredAt) implements ParticipantEvent {

    @Override
    public Actor actor() {
        return removedBy;
    }

    @Override
    public StageStatus from() {
        return lastStatus;
    }

    @Override
    public StageStatus to() {
        return null;
    }
}
