package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

public record StageJoined(MeetingId meetingId, UserId userId, Actor joinedBy, Instant occurredAt)
        implements ParticipantEvent {

    @Override
    public Actor actor() {
        return joinedBy;
    }

    @Override
    public StageStatus from() {
        return StageStatus.ACCEPTED_TO_JOIN_STAGE;
    }

    @Override
    public StageStatus to() {
        return StageStatus.ON_STAGE;
    }
}
