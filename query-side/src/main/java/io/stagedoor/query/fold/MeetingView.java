package io.stagedoor.query.fold;

import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;

import java.time.Instant;

/** A meeting's own state as the read side shows it. */
public record MeetingView(MeetingId meetingId, MeetingSettings settings, boolean ended, Instant createdAt,
                          Instant endedAt) {

    /** The meeting after an event; participant events leave it as it is. */
    public static MeetingView after(MeetingView before, StageEvent event) {
        if (event instanceof MeetingCreated created) {
            return new MeetingView(created.meetingId(), created.settings(), false, created.occurredAt(), null);
        }
        if (event instanceof MeetingSettingsChanged changed) {
            return new MeetingView(before.meetingId, changed.settings(), before.ended, before.createdAt, before.endedAt);
        }
        if (event instanceof MeetingEnded ended) {
            return new MeetingView(before.meetingId, before.settings, true, before.createdAt, ended.occurredAt());
        }
        return before;
    }
}
