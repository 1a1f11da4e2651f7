package io.stagedoor.command.presence;

import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageEvent;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;

/**
 * Whom presence watches, derived from the stage's events: every participant holding a pending request, an acceptance
 * a host gave or a place on stage, and every meeting's presence grace. The command side's subscribing processor
 * ({@code StageDeadlines}) folds a batch's events here and writes the changes in the batch's transaction, in the one
 * statement that also writes its deadlines. {@link AbsentParticipants} judges the watched against
 * {@code participant_presence}.
 */
public final class PresenceWatch {

    private PresenceWatch() {
    }

    /** Folds the event stored at {@code version} into the batch's changes. */
    public static void fold(StageEvent event, long version, WatchRows.Changes changes) {
        if (event instanceof MeetingCreated created) {
            changes.grace(created.meetingId().value(), created.settings().presenceGraceSeconds());
        } else if (event instanceof MeetingSettingsChanged changed) {
            changes.grace(changed.meetingId().value(), changed.settings().presenceGraceSeconds());
        } else if (event instanceof MeetingEnded ended) {
            changes.grace(ended.meetingId().value(), null);
        } else if (event instanceof ParticipantEvent participantEvent) {
            WatchRows.Key key = new WatchRows.Key(participantEvent.meetingId().value(), participantEvent.userId().value());
            if (holdsAPlaceAfter(participantEvent)) {
                changes.watch(key, version);
            } else {
                changes.unwatch(key);
            }
        }
    }

    /**
     * Whether the participant holds something presence can lose after the event: REQUESTED, ON, or an acceptance a
     * host or the engine gave (a grant; or a permissions change that keeps one, the participant not joining
     * directly). Any other ACCEPTED is the resting status of a participant that joins directly.
     */
    static boolean holdsAPlaceAfter(ParticipantEvent event) {
        if (event.to() == REQUESTED_TO_JOIN_STAGE || event.to() == ON_STAGE || event instanceof StageAccessGranted) {
            return true;
        }
        return event instanceof ParticipantPermissionsChanged changed && changed.to() == ACCEPTED_TO_JOIN_STAGE
                && !changed.permissions().joinsDirectly();
    }
}
