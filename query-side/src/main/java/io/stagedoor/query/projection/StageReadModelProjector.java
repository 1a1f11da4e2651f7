package io.stagedoor.query.projection;

import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.query.fold.MeetingFold;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Projects the stored events into the read models: meetings, participants (and with them the request queue),
 * the audit history, and each meeting's version. Runs in a pooled streaming processor whose token lives in the same
 * database and is written in the same transaction as the rows, so a crash never applies an event twice or skips one;
 * and every event is idempotent anyway (one at or below the meeting's projected version is skipped).
 *
 * <p>Events are folded a processor batch at a time ({@link ProjectionBatch}): the rows a batch touches are read in
 * two queries when its first event arrives and written back in one statement per table when it commits, so the
 * cost in round trips is per batch, not per event. Meetings and participants change through {@link MeetingFold},
 * the fold time travel and live notifications apply too.
 */
@ProcessingGroup(StageReadModelProjector.NAME)
public class StageReadModelProjector {

    public static final String NAME = "stage-read-model";
    private static final String BATCH = StageReadModelProjector.class.getName() + ".batch";

    private final ReadModelRows rows;
    private final ReadModelVersions versions;

    public StageReadModelProjector(JdbcTemplate jdbc, ReadModelVersions versions) {
        this.rows = new ReadModelRows(jdbc);
        this.versions = versions;
    }

    @EventHandler
    void on(StageEvent event, @SequenceNumber long version) {
        batch().apply(event, version);
    }

    /** This unit of work's batch: created with the rows of all its events read, written when it commits. */
    private ProjectionBatch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            ProjectionBatch batch = new ProjectionBatch(rows);
            batch.read(stageEvents(root));
            root.onPrepareCommit(u -> batch.write());
            root.afterCommit(u -> batch.versions().forEach(versions::announce));
            return batch;
        });
    }

    /** The events of a processor batch; none otherwise (a retried dead letter), whose rows are read as it applies. */
    private static List<StageEvent> stageEvents(UnitOfWork<?> unitOfWork) {
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batching)) {
            return List.of();
        }
        return batching.getMessages().stream().map(Message::getPayload).filter(StageEvent.class::isInstance)
                       .map(StageEvent.class::cast).toList();
    }

    @ResetHandler
    void reset() {
        rows.truncate();
    }
}
