package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;

/**
 * A participant's permissions changed (directly, or by being added again with another preset); the status
 * moves as the new permissions require ({@code from} → {@code to}, equal if it stays).
 */
public record ParticipantPermissionsChanged(MeetingId meetingId, UserId userId, PresetName preset,
                                            StagePermissions permissions, StageStatus from, StageStatus to,
                                            Actor changedBy, Instant occurredAt) implements ParticipantEvent {

    @Override
    public Actor actor() {
        return changedBy;
    }
}
