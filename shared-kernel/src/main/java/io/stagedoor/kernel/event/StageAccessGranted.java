package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/**
 * A host accepted a participant onto the stage: a request approved ({@code from} REQUESTED), or an
 * invitation ({@code from} OFF).
 */
public record StageAccessGranted(MeetingId meetingId, UserId userId, StageStatus from, Actor grantedBy,
                                 Instant occurredAt) implements ParticipantEvent {

    @Override
    public Actor actor() {
        return grantedBy;
    }

    @Override
    public StageStatus to() {
        return StageStatus.ACCEPTED_TO_JOIN_STAGE;
    }
}
