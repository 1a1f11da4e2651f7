package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;

import java.time.Instant;

/** The meeting is over: preceded by a {@link StageClosed} for everyone who was not OFF. */
public record MeetingEnded(MeetingId meetingId, Actor endedBy, Instant occurredAt) implements StageEvent {

    @Override
    public Actor actor() {
        return endedBy;
    }
}
