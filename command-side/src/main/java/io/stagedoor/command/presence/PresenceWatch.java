package io.stagedoor.command.presence;

import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;

/**
 * Whom presence watches, derived from the stage's events in the transaction that stores them (a subscribing
 * processor): every participant holding a pending request, an acceptance a host gave or a place on stage, and every
 * meeting's presence grace. The events of a batch are folded in memory and written with one statement per table when
 * the batch commits. {@link AbsentParticipants} judges the watched against {@code participant_presence}.
 */
@ProcessingGroup(PresenceWatch.PROCESSING_GROUP)
public class PresenceWatch {

    public static final String PROCESSING_GROUP = "presence-watch";
    private static final String CHANGES = PresenceWatch.class.getName() + ".changes";

    private final WatchRows rows;

    PresenceWatch(WatchRows rows) {
        this.rows = rows;
    }

    @EventHandler
    void on(MeetingCreated event) {
        grace(event.meetingId(), event.settings());
    }

    @EventHandler
    void on(MeetingSettingsChanged event) {
        grace(event.meetingId(), event.settings());
    }

    @EventHandler
    void on(MeetingEnded event) {
        changes().grace(event.meetingId().value(), null);
    }

    @EventHandler
    void on(ParticipantEvent event, @SequenceNumber long version) {
        WatchRows.Key key = new WatchRows.Key(event.meetingId().value(), event.userId().value());
        if (holdsAPlaceAfter(event)) {
            changes().watch(key, version);
        } else {
            changes().unwatch(key);
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

    private void grace(MeetingId meetingId, MeetingSettings settings) {
        changes().grace(meetingId.value(), settings.presenceGraceSeconds());
    }

    /** This unit of work's changes, written when it commits. */
    private WatchRows.Changes changes() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(CHANGES, key -> {
            WatchRows.Changes changes = new WatchRows.Changes();
            unitOfWork.onPrepareCommit(u -> rows.write(changes));
            return changes;
        });
    }
}
