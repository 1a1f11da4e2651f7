package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/**
 * A host accepted a participant onto the stage: a request approved ({@code from} REQUESTED), or an
 * invitation ({@code from} OFF). The engine grants too, with reason {@value EngineReasons#AUTO_ACCEPT}.
 *
 * @param expiresAt when the acceptance expires if the participant has not joined; null if the meeting has no accept
 *                  timeout (and in events stored before release 0.2)
 * @param reason    why the engine granted; null when a host or service did
 */
public record StageAccessGranted(MeetingId meetingId, UserId userId, StageStatus from, Actor grantedBy,
                                 Instant occurredAt, Instant expiresAt, String reason) implements ParticipantEvent {

    /** A grant by a host or service in a meeting without an accept timeout. */
    public StageAccessGranted(MeetingId meetingId, UserId userId, StageStatus from, Actor grantedBy, Instant occurredAt) {
        this(meetingId, userId, from, grantedBy, occurredAt, null, null);
    }

    @Override
    public Actor actor() {
        return grantedBy;
    }

    @Override
    public StageStatus to() {
        return StageStatus.ACCEPTED_TO_JOIN_STAGE;
    }
}
