package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/** A host rejected a request ({@code from} REQUESTED) or withdrew an acceptance ({@code from} ACCEPTED). */
public record StageAccessDenied(MeetingId meetingId, UserId userId, StageStatus from, Actor deniedBy,
                                Instant occurredAt) implements ParticipantEvent {

    @Override
    public Actor actor() {
        return deniedBy;
    }

    @Override
    public StageStatus to() {
        return StageStatus.OFF_STAGE;
    }
}
