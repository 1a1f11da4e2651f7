package io.stagedoor.query.projection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.fold.StageFold;
import io.stagedoor.query.projection.ReadModelRows.HistoryRow;
import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Rebuilds the read models in bulk while the service keeps answering from the current ones: reads the event store
 * once, in one snapshot, meeting after meeting; folds each meeting in memory with {@link StageFold} (the projection's
 * own fold); writes its rows with {@code COPY} into fresh tables; then, in one short transaction, swaps the fresh
 * tables in and sets the projection's tokens to where the snapshot was taken, so the projection goes on from there —
 * with the events appended meanwhile, including any whose transaction was still open when the read began.
 *
 * <p>One rebuild runs at a time in the cluster. Its progress is kept by the node that runs it.
 */
public final class ReadModelRebuild {

    public enum Phase { NONE, READING, SWAPPING, DONE, FAILED }

    /**
     * @param position    the global index the read began at: what the fresh tables hold (null until the read began)
     * @param eventsRead  events read and folded so far
     * @param error       why it failed; the read models it would have replaced are kept
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(@Schema(requiredMode = REQUIRED) Phase phase, Instant startedAt, Instant finishedAt,
                           Long position, long eventsRead,
                           long meetingsWritten, long eventsPerSecond, String error) {
    }

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    /** How long the swap waits for queries still reading the old tables before it gives up. */
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final Configuration axon;
    private final ReadModelVersions versions;
    private volatile Run current;

    public ReadModelRebuild(DataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transactions,
                            EventProcessingConfiguration processing, TokenStore tokens, Configuration axon,
                            ReadModelVersions versions) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.processing = processing;
        this.tokens = tokens;
        this.axon = axon;
        this.versions = versions;
    }

    /** The progress of the last rebuild this node started. */
    public Progress progress() {
        Run run = current;
        return run == null ? new Progress(Phase.NONE, null, null, null, 0, 0, 0, null) : run.progress();
    }

    /**
     * Starts a rebuild in the background.
     *
     * @throws RequestRefused 2015 if a rebuild is running, or another node holds segments of the projection
     */
    public synchronized Progress start() {
        Run running = current;
        if (running != null && (running.phase == Phase.READING || running.phase == Phase.SWAPPING)) {
            throw new RequestRefused(ErrorCode.UNAVAILABLE, "a rebuild of the read models is running on this node; "
                    + "follow its progress");
        }
        refuseIfClaimedElsewhere();
        FreshTables tables;
        try {
            tables = FreshTables.create(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the tables to rebuild into", e);
        }
        Run run = new Run();
        current = run;
        Thread thread = new Thread(() -> run.execute(tables), "read-model-rebuild");
        thread.setDaemon(true);
        thread.start();
        return run.progress();
    }

    private void refuseIfClaimedElsewhere() {
        Set<Integer> claimed = new HashSet<>(jdbc.queryForList("SELECT segment FROM token_entry WHERE processorName = ? "
                + "AND owner IS NOT NULL", Integer.class, StageReadModelProjector.NAME));
        claimed.removeAll(processor().processingStatus().keySet());
        if (!claimed.isEmpty()) {
            throw claimedElsewhere();
        }
    }

    private static RequestRefused claimedElsewhere() {
        return new RequestRefused(ErrorCode.UNAVAILABLE, "another node holds segments of '" + StageReadModelProjector.NAME
                + "'; stop its processing or let its claims expire, then retry");
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(StageReadModelProjector.NAME, StreamingEventProcessor.class)
                         .orElseThrow(() -> new IllegalStateException("no processor " + StageReadModelProjector.NAME));
    }

    /** One rebuild: what it has done so far, written by its own thread only. */
    private final class Run {

        private final Instant startedAt = Instant.now();
        private volatile Phase phase = Phase.READING;
        private volatile Instant finishedAt;
        private volatile Long position;
        private volatile long eventsRead;
        private volatile long meetingsWritten;
        private volatile String error;

        Progress progress() {
            Instant until = finishedAt == null ? Instant.now() : finishedAt;
            long millis = Math.max(1, Duration.between(startedAt, until).toMillis());
            return new Progress(phase, startedAt, finishedAt, position, eventsRead, meetingsWritten,
                    eventsRead * 1000 / millis, error);
        }

        void execute(FreshTables tables) {
            try (tables) {
                GapAwareTrackingToken read;
                try (EventStoreSnapshot snapshot = new EventStoreSnapshot(dataSource)) {
                    read = snapshot.position();
                    position = read.getIndex();
                    fold(snapshot.events(axon.eventSerializer(), axon.upcasterChain()), tables);
                }
                tables.finish();
                phase = Phase.SWAPPING;
                swap(tables, read);
                finishedAt = Instant.now();
                phase = Phase.DONE;
                log.info("Rebuilt the read models: {} events of {} meetings, {} events/s", eventsRead, meetingsWritten,
                        progress().eventsPerSecond());
            } catch (SQLException | RuntimeException e) {
                failed(e);
            } catch (Error e) {
                failed(e);
                throw e;
            }
        }

        private void failed(Throwable cause) {
            log.warn("The rebuild of the read models failed; the read models it would have replaced are kept", cause);
            error = cause instanceof UnableToClaimTokenException ? claimedElsewhere().error().detail()
                    : cause instanceof IllegalStateException ? cause.getMessage()
                    : "the rebuild failed (" + cause.getClass().getSimpleName() + "); see the node's log";
            finishedAt = Instant.now();
            phase = Phase.FAILED;
        }

        /** Each meeting's events, which arrive one meeting after the other, folded from the first. */
        private void fold(Iterator<DomainEventMessage<?>> events, FreshTables tables) throws SQLException {
            String meetingId = null;
            StageFold meeting = null;
            while (events.hasNext()) {
                DomainEventMessage<?> message = events.next();
                if (!message.getAggregateIdentifier().equals(meetingId)) {
                    written(meeting, tables);
                    meetingId = message.getAggregateIdentifier();
                    meeting = new StageFold();
                }
                if (message.getPayload() instanceof StageEvent event && meeting.apply(event, message.getSequenceNumber())) {
                    tables.add(HistoryRow.of(event, message.getSequenceNumber()));
                }
                eventsRead++;
            }
            written(meeting, tables);
        }

        private void written(StageFold meeting, FreshTables tables) throws SQLException {
            if (meeting != null && meeting.meeting() != null) {
                tables.add(meeting);
                meetingsWritten++;
            }
        }
    }

    /**
     * In one transaction: the tokens of every segment set to {@code read} (claimed first, so this fails while another
     * node processes), the fresh tables swapped in, the other nodes told that every meeting may have moved. The
     * projection is stopped on this node meanwhile; waiters for a version on this node are woken after.
     */
    private void swap(FreshTables tables, GapAwareTrackingToken read) {
        StreamingEventProcessor processor = processor();
        processor.shutDown();
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.execute("SET LOCAL lock_timeout = " + LOCK_TIMEOUT.toMillis());
                int[] segments = tokens.fetchSegments(StageReadModelProjector.NAME);
                if (segments.length == 0) {
                    throw new IllegalStateException("the projection has no tokens yet; start it, then rebuild");
                }
                for (int segment : segments) {
                    tokens.fetchToken(StageReadModelProjector.NAME, segment);
                    tokens.storeToken(read, StageReadModelProjector.NAME, segment);
                    tokens.releaseClaim(StageReadModelProjector.NAME, segment);
                }
                if (processor.isRunning()) {
                    // started again meanwhile (a replay, recovery): it may go on from the tokens it had read
                    throw new IllegalStateException("the projection was started during the swap; rebuild again");
                }
                tables.swapIn(jdbc);
                new ReadModelRows(jdbc).notifyEveryMeeting();
            });
        } finally {
            processor.start();
        }
        versions.recheckWaiters();
    }
}
