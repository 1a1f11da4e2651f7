package io.stagedoor.command.deadline;

import io.stagedoor.command.presence.PresenceWatch;
import io.stagedoor.command.presence.WatchRows;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequested;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;

/**
 * The stage's pending deadlines, derived from its events in the transaction that stores them (a subscribing
 * processor): a request made in a meeting with a request timeout gets an expiry; the request leaving the queue, in
 * any way, removes it. An acceptance granted in a meeting with an accept timeout gets one too, removed when the
 * acceptance is used or lost. Whom presence watches is derived here too ({@link PresenceWatch}). The events of a batch
 * are folded in memory and the changes written in one statement. {@link DueDeadlines} turns the deadlines that fall
 * due into commands.
 */
@ProcessingGroup(StageDeadlines.PROCESSING_GROUP)
public class StageDeadlines {

    public static final String PROCESSING_GROUP = "stage-deadlines";
    private static final String CHANGES = StageDeadlines.class.getName() + ".changes";

    private final DeadlineRows rows;

    StageDeadlines(DeadlineRows rows) {
        this.rows = rows;
    }

    @EventHandler
    void on(StageEvent event, @SequenceNumber long version) {
        Changes changes = changes();
        PresenceWatch.fold(event, version, changes.presence());
        if (event instanceof ParticipantEvent participantEvent) {
            deadlines(participantEvent, version, changes.deadlines());
        }
    }

    private static void deadlines(ParticipantEvent event, long version, Map<Deadline.Key, Deadline> deadlines) {
        Deadline.Key requestExpiry = key(event, Deadline.Kind.REQUEST_EXPIRY);
        if (event instanceof StageAccessRequested requested && requested.expiresAt() != null) {
            deadlines.put(requestExpiry, new Deadline(requestExpiry, requested.expiresAt(), version));
        } else if (event.from() == REQUESTED_TO_JOIN_STAGE && event.to() != REQUESTED_TO_JOIN_STAGE) {
            // a permissions change that leaves the request pending leaves its expiry too
            deadlines.put(requestExpiry, null);
        }
        Deadline.Key acceptanceExpiry = key(event, Deadline.Kind.ACCEPTANCE_EXPIRY);
        if (event instanceof StageAccessGranted granted && granted.expiresAt() != null) {
            deadlines.put(acceptanceExpiry, new Deadline(acceptanceExpiry, granted.expiresAt(), version));
        } else if (event.from() == ACCEPTED_TO_JOIN_STAGE && !keepsItsAcceptance(event)) {
            deadlines.put(acceptanceExpiry, null);
        }
    }

    /** A permissions change that leaves an acceptance a host gave in place (the participant does not join directly). */
    private static boolean keepsItsAcceptance(ParticipantEvent event) {
        return event instanceof ParticipantPermissionsChanged changed && changed.to() == ACCEPTED_TO_JOIN_STAGE
                && !changed.permissions().joinsDirectly();
    }

    private static Deadline.Key key(ParticipantEvent event, Deadline.Kind kind) {
        return new Deadline.Key(event.meetingId().value(), event.userId().value(), kind);
    }

    /** A batch's changes: deadlines (null: removed) and whom presence watches. */
    record Changes(Map<Deadline.Key, Deadline> deadlines, WatchRows.Changes presence) {
    }

    /** This unit of work's changes, written in one statement when it commits. */
    private Changes changes() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(CHANGES, key -> {
            Changes changes = new Changes(new LinkedHashMap<>(), new WatchRows.Changes());
            unitOfWork.onPrepareCommit(u -> rows.write(changes.deadlines(), changes.presence()));
            return changes;
        });
    }
}
