package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/**
 * A participant asked to join the stage and joined the end of the request queue.
 *
 * @param expiresAt when the request expires if nobody answers it; null if the meeting has no request timeout
 */
public record StageAccessRequested(MeetingId meetingId, UserId userId, Actor requestedBy, Instant occurredAt,
                                   Instant expiresAt) implements ParticipantEvent {

    @Override
    public Actor actor() {
        return requestedBy;
    }

    @Override
    public StageStatus from() {
        return StageStatus.OFF_STAGE;
    }

    @Override
    public StageStatus to() {
        return StageStatus.REQUESTED_TO_JOIN_STAGE;
    }
}
