package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/**
 * A pending request was withdrawn: by its participant, or by the engine when the participant was absent longer than
 * the meeting's presence grace (reason {@value EngineReasons#PRESENCE_LOST}).
 *
 * @param reason why the engine cancelled; null when the participant (or a service for it) did
 */
public record StageAccessRequestCancelled(MeetingId meetingId, UserId userId, Actor cancelledBy, Instant occurredAt,
                                          String reason) implements ParticipantEvent {

    /** A cancellation by the participant or a service acting for it. */
    public StageAccessRequestCancelled(MeetingId meetingId, UserId userId, Actor cancelledBy, Instant occurredAt) {
        this(meetingId, userId, cancelledBy, occurredAt, null);
    }

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
