package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

public record StageAccessRequestCancelled(MeetingId meetingId, UserId userId, Actor cancelledBy, Instant occurredAt)
        implements ParticipantEvent {

    @Override
    public Actor actor() {
        return cancelledBy;
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
