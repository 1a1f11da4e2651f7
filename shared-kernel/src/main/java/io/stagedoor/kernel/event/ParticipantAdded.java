package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/** A participant joined the meeting with the permissions of a preset, at its resting status. */
public record ParticipantAdded(MeetingId meetingId, UserId userId, String name, PresetName preset,
                               StagePermissions permissions, StageStatus status, Actor addedBy, Instant occurredAt)
        implements ParticipantEvent {

    @Override
    public Actor actor() {
        return addedBy;
    }

    @Override
    public StageStatus from() {
        return null;
    }

    @Override
    public StageStatus to() {
        return status;
    }
}
