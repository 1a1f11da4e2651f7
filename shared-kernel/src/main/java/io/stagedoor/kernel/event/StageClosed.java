package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/** The meeting is ending: this participant goes OFF (ALLOWED participants too) and any request is dropped. */
public record StageClosed(MeetingId meetingId, UserId userId, StageStatus from, Actor closedBy, Instant occurredAt)
        implements ParticipantEvent {

    @Override
    public Actor actor() {
        return closedBy;
    }

    @Override
    public StageStatus to() {
        return StageStatus.OFF_STAGE;
    }
}
