package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/** A participant left the stage ({@code from} ON) or declined an acceptance ({@code from} ACCEPTED). */
public record StageLeft(MeetingId meetingId, UserId userId, StageStatus from, StageStatus to, Actor leftBy,
                        Instant occurredAt) implements ParticipantEvent {

    @Override
    public Actor actor() {
        return leftBy;
    }
}
