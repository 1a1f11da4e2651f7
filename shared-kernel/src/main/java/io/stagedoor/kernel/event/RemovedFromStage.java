package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/**
 * A host kicked a participant: off the stage to its resting status, or an acceptance taken back. The engine does the
 * same to a participant absent longer than the meeting's presence grace (reason {@value EngineReasons#PRESENCE_LOST}).
 *
 * @param reason why the engine removed; null when a host or service did
 */
public record RemovedFromStage(MeetingId meetingId, UserId userId, StageStatus from, StageStatus to,
                               Actor removedBy, Instant occurredAt, String reason) implements ParticipantEvent {

    /** A kick by a host or service. */
    public RemovedFromStage(MeetingId meetingId, UserId userId, StageStatus from, StageStatus to, Actor removedBy,
                            Instant occurredAt) {
        this(meetingId, userId, from, to, removedBy, occurredAt, null);
    }

    @Override
    public Actor actor() {
        return removedBy;
    }
}
