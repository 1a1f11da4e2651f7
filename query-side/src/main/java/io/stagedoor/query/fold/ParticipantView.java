package io.stagedoor.query.fold;

import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.ParticipantRemoved;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;

import java.time.Instant;
import java.util.Comparator;

/**
 * A participant as the read side shows it.
 *
 * @param since            when the participant reached its current status (or joined the meeting)
 * @param requestedVersion the meeting version of its pending request (its place in the queue); null unless REQUESTED
 */
public record ParticipantView(UserId userId, String name, PresetName preset, StagePermissions permissions,
                              StageStatus status, Instant since, Long requestedVersion, Instant requestedAt) {

    /**
     * The request queue's order: oldest request first, by the meeting version of the request. The read model pages
     * the queue by that same key ({@code requested_version}).
     */
    static final Comparator<ParticipantView> QUEUE_ORDER = Comparator.comparing(ParticipantView::requestedVersion);

    /** The order of the on-stage and accepted lists: longest in the status first, then by user id. */
    static final Comparator<ParticipantView> STAGE_ORDER = Comparator.comparing(ParticipantView::since)
                                                                     .thenComparing(p -> p.userId().value());

    /**
     * The participant after an event about it; {@code null} once it left the meeting. Called by
     * {@link MeetingFold#apply} only, which decides whether the event applies.
     */
    static ParticipantView after(ParticipantView before, ParticipantEvent event, long version) {
        Instant at = event.occurredAt();
        if (event instanceof ParticipantAdded added) {
            return new ParticipantView(added.userId(), added.name(), added.preset(), added.permissions(),
                    added.status(), at, null, null);
        }
        if (event instanceof ParticipantRemoved || before == null) {
            return null;
        }
        ParticipantView moved = before.movedTo(event.to(), version, at);
        if (event instanceof ParticipantPermissionsChanged changed) {
            return new ParticipantView(moved.userId, moved.name, changed.preset(), changed.permissions(), moved.status,
                    moved.since, moved.requestedVersion, moved.requestedAt);
        }
        return moved;
    }

    private ParticipantView movedTo(StageStatus to, long version, Instant at) {
        if (to == status) {
            return this;
        }
        boolean requesting = to == StageStatus.REQUESTED_TO_JOIN_STAGE;
        return new ParticipantView(userId, name, preset, permissions, to, at, requesting ? version : null,
                requesting ? at : null);
    }

    public boolean is(StageStatus candidate) {
        return status == candidate;
    }
}
