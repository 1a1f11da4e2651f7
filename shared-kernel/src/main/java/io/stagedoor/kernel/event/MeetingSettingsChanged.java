package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;

import java.time.Instant;

/** The meeting's settings, all of them as they are after the change. */
public record MeetingSettingsChanged(MeetingId meetingId, MeetingSettings settings, Actor changedBy,
                                     Instant occurredAt) implements StageEvent {

    @Override
    public Actor actor() {
        return changedBy;
    }
}
