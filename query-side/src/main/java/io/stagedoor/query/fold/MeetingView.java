package io.stagedoor.query.fold;

import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;

import java.time.Instant;

/**
 * A meeting's own state as the read side shows it, at a version: its settings, whether it ended, and how many
 * participants it has in each status — kept by the fold, never recounted from the participants.
 */
public record MeetingView(MeetingId meetingId, long version, MeetingSettings settings, boolean ended, Instant createdAt,
                          Instant endedAt, StageOverview.Counts counts) {

    /**
     * The meeting after the event stored at {@code version}: created by {@link MeetingCreated}; a participant event
     * moves the counts from its {@code from} to its {@code to} status. Called by {@link MeetingFold#apply} only, which
     * decides whether the event applies.
     */
    static MeetingView after(MeetingView before, StageEvent event, long version) {
        if (event instanceof MeetingCreated created) {
            return new MeetingView(created.meetingId(), version, created.settings(), false, created.occurredAt(), null,
                    StageOverview.Counts.NONE);
        }
        if (event instanceof MeetingSettingsChanged changed) {
            return new MeetingView(before.meetingId, version, changed.settings(), before.ended, before.createdAt,
                    before.endedAt, before.counts);
        }
        if (event instanceof MeetingEnded ended) {
            return new MeetingView(before.meetingId, version, before.settings, true, before.createdAt, ended.occurredAt(),
                    before.counts);
        }
        ParticipantEvent moved = (ParticipantEvent) event;
        return new MeetingView(before.meetingId, version, before.settings, before.ended, before.createdAt, before.endedAt,
                before.counts.moved(moved.from(), moved.to()));
    }
}
