package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/**
 * A host rejected a request ({@code from} REQUESTED) or withdrew an acceptance ({@code from} ACCEPTED). The engine
 * withdraws an acceptance not used in time, with reason {@value EngineReasons#ACCEPTANCE_EXPIRED}.
 *
 * @param reason why the engine denied; null when a host or service did
 */
public record StageAccessDenied(MeetingId meetingId, UserId userId, StageStatus from, Actor deniedBy,
                                Instant occurredAt, String reason) implements ParticipantEvent {

    /** A denial by a host or service. */
    public StageAccessDenied(MeetingId meetingId, UserId userId, StageStatus from, Actor deniedBy, Instant occurredAt) {
        this(meetingId, userId, from, deniedBy, occurredAt, null);
    }

    @Override
    public Actor actor() {
        return deniedBy;
    }

    @Override
    public StageStatus to() {
        return StageStatus.OFF_STAGE;
    }
}
