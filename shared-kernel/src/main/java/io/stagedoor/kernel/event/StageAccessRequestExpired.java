package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/** A request was pending longer than the meeting's request timeout; the participant is told it was rejected. */
public record StageAccessRequestExpired(MeetingId meetingId, UserId userId, Actor expiredBy, Instant occurredAt)
        implements ParticipantEvent {

    @Override
    public Actor actor() {
        return expiredBy;
    }

    @Override
    public StageStatus from() {
        return StageStatus.REQUESTED_TO_JOIN_STAGE;
    }

    @Override
    public StageStatus to() {
        return StageStatus.OFF_STAGE;
    }
}
