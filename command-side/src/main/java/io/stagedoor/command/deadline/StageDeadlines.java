package io.stagedoor.command.deadline;

import io.stagedoor.kernel.event.ParticipantEvent;
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
 * acceptance is used or lost. The events of a batch are folded in memory and the changes written with two statements.
 * {@link DueDeadlines} turns the deadlines that fall due into commands.
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
    void on(ParticipantEvent event, @SequenceNumber long version) {
        Deadline.Key requestExpiry = key(event, Deadline.Kind.REQUEST_EXPIRY);
        if (event instanceof StageAccessRequested requested && requested.expiresAt() != null) {
            changes().put(requestExpiry, new Deadline(requestExpiry, requested.expiresAt(), version));
        } else if (event.from() == REQUESTED_TO_JOIN_STAGE) {
            changes().put(requestExpiry, null);
        }
        Deadline.Key acceptanceExpiry = key(event, Deadline.Kind.ACCEPTANCE_EXPIRY);
        if (event instanceof StageAccessGranted granted && granted.expiresAt() != null) {
            changes().put(acceptanceExpiry, new Deadline(acceptanceExpiry, granted.expiresAt(), version));
        } else if (event.from() == ACCEPTED_TO_JOIN_STAGE && !keepsItsAcceptance(event)) {
            changes().put(acceptanceExpiry, null);
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

    /** This unit of work's changes, by deadline (null: removed), written when it commits. */
    private Map<Deadline.Key, Deadline> changes() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(CHANGES, key -> {
            Map<Deadline.Key, Deadline> changes = new LinkedHashMap<>();
            unitOfWork.onPrepareCommit(u -> rows.write(changes));
            return changes;
        });
    }
}
