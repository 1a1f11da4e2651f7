package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;

import java.time.Instant;

public record MeetingCreated(MeetingId meetingId, MeetingSettings settings, Actor createdBy, Instant occurredAt)
        implements StageEvent {

    @Override
    public Actor actor() {
        return createdBy;
    }
}
