package io.stagedoor.query.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.platform.AxonJdbcAutoConfiguration;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.projection.ReadModelRebuild;
import io.stagedoor.query.projection.StageReadModelProjector;
import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What operators see and do with the projections: each streaming processor's position and lag behind the head of the
 * event store, its segments and their owners (from the token store, so segments owned by other nodes show too), its
 * dead letters; replaying a projection from the start, rebuilding its read models in bulk, and retrying dead letters.
 */
public class ProjectionOperations {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ReadModelRebuild rebuild;

    public ProjectionOperations(EventProcessingConfiguration processing, JdbcTemplate jdbc, ObjectMapper json,
                                ReadModelRebuild rebuild) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.json = json;
        this.rebuild = rebuild;
    }

    /** What this node knows of a segment: null where the segment is not processed here or not claimed at all. */
    public record Segment(int segment, @Schema(types = {"string", "null"}) String owner,
                          @Schema(types = {"integer", "null"}) Long position,
                          @Schema(types = {"boolean", "null"}) Boolean caughtUp,
                          @Schema(types = {"boolean", "null"}) Boolean replaying,
                          @Schema(types = {"string", "null"}) String error) {
    }

    /** {@code position} and {@code lag} are null while no segment has a position. */
    public record Projection(String name, boolean running, boolean replaying, long head,
                             @Schema(types = {"integer", "null"}) Long position,
                             @Schema(types = {"integer", "null"}) Long lag, List<Segment> segments, long deadLetters) {
    }

    record ReplayProgress(String name, boolean replaying, long processed, long total) {
    }

    public record DeadLetterView(String sequence, String eventType, String eventIdentifier,
                                 @Schema(types = {"string", "null"}) String cause, Instant enqueuedAt) {
    }

    List<Projection> projections() {
        return processing.eventProcessors().values().stream().filter(StreamingEventProcessor.class::isInstance)
                         .map(processor -> describe((StreamingEventProcessor) processor))
                         .sorted(Comparator.comparing(Projection::name)).toList();
    }

    public Projection projection(String name) {
        return describe(processor(name));
    }

    /** A meeting whose read model is behind the events the projection has already passed. */
    public record Difference(String meetingId, long storedVersion,
                             @Schema(types = {"integer", "null"}) Long projectedVersion) {
    }

    /**
     * @param position        the read-model projection's position (its slowest segment); events up to it were checked
     * @param meetingsChecked meetings with events up to that position
     * @param differences     meetings whose read model misses some of those events (at most 1,000 listed)
     */
    public record Reconciliation(@Schema(types = {"integer", "null"}) Long position, long meetingsChecked,
                                 List<Difference> differences) {
    }

    /**
     * Compares each meeting's read-model version with the event store, up to the projection's position: a
     * difference there means an event was skipped (or is dead-lettered), never mere lag. Repair: retry the dead
     * letters, or replay the projection.
     */
    public Reconciliation reconcile() {
        Long position = projection(StageReadModelProjector.NAME).position();
        if (position == null) {
            return new Reconciliation(null, 0, List.of());
        }
        String stored = "SELECT aggregateIdentifier AS meeting_id, max(sequenceNumber) AS stored FROM "
                + AxonJdbcAutoConfiguration.EVENT_TABLE + " WHERE type = ? AND globalIndex <= ? GROUP BY aggregateIdentifier";
        long checked = jdbc.queryForObject("SELECT count(*) FROM (" + stored + ") e", Long.class,
                StageEvent.AGGREGATE_TYPE, position);
        List<Difference> differences = jdbc.query("SELECT e.meeting_id, e.stored, m.version FROM (" + stored + ") e "
                        + "LEFT JOIN rm_meeting m ON m.meeting_id = e.meeting_id "
                        + "WHERE m.version IS NULL OR m.version < e.stored ORDER BY e.meeting_id LIMIT 1000",
                (row, n) -> new Difference(row.getString(1), row.getLong(2), row.getObject(3, Long.class)),
                StageEvent.AGGREGATE_TYPE, position);
        return new Reconciliation(position, checked, differences);
    }

    /** Rebuilds the projection from the first event; its read models are emptied by its reset handler. */
    ReplayProgress replay(String name) {
        StreamingEventProcessor processor = processor(name);
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException claimedElsewhere) {
            throw new RequestRefused(ErrorCode.UNAVAILABLE, "another node holds segments of '" + name
                    + "'; stop its processing or let its claims expire, then retry");
        } finally {
            processor.start();
        }
        return progress(name);
    }

    /** Starts rebuilding the projection's read models in bulk (see {@link ReadModelRebuild}). */
    ReadModelRebuild.Progress rebuild(String name) {
        return rebuildOf(name).start();
    }

    ReadModelRebuild.Progress rebuildProgress(String name) {
        return rebuildOf(name).progress();
    }

    private ReadModelRebuild rebuildOf(String name) {
        processor(name);
        if (!name.equals(StageReadModelProjector.NAME)) {
            throw new RequestRefused(ErrorCode.MALFORMED_REQUEST, "'" + name + "' has no bulk rebuild; replay it");
        }
        return rebuild;
    }

    ReplayProgress progress(String name) {
        StreamingEventProcessor processor = processor(name);
        long head = head();
        long processed = lowestPosition(processor).orElse(head);
        long total = count(head);
        return new ReplayProgress(name, processor.isReplaying(), Math.min(count(processed), total), total);
    }

    public List<DeadLetterView> deadLetters(String name) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = deadLetterQueue(name);
        List<DeadLetterView> letters = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                EventMessage<?> message = letter.message();
                String sequenceId = message instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier()
                        : message.getIdentifier();
                letters.add(new DeadLetterView(sequenceId, message.getPayloadType().getSimpleName(),
                        message.getIdentifier(), letter.cause().map(c -> c.type() + ": " + c.message()).orElse(null),
                        letter.enqueuedAt()));
            }
        }
        return letters;
    }

    /** Retries every dead-lettered sequence once; returns how many sequences now processed. */
    public int retryDeadLetters(String name) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(name)
                .orElseThrow(() -> new RequestRefused(ErrorCode.MALFORMED_REQUEST, "'" + name + "' has no dead-letter queue"));
        long sequences = deadLetterQueue(name).amountOfSequences();
        int processed = 0;
        for (long i = 0; i < sequences && processor.processAny(); i++) {
            processed++;
        }
        return processed;
    }

    private Projection describe(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> local = processor.processingStatus();
        List<Segment> segments = jdbc.query("SELECT segment, owner, token FROM token_entry WHERE processorName = ? ORDER BY segment",
                (row, n) -> {
                    int segment = row.getInt("segment");
                    EventTrackerStatus status = local.get(segment);
                    Long position = status != null && status.getCurrentPosition().isPresent()
                            ? Long.valueOf(status.getCurrentPosition().getAsLong()) : storedPosition(row.getBytes("token"));
                    return new Segment(segment, row.getString("owner"), position,
                            status == null ? null : status.isCaughtUp(), status == null ? null : status.isReplaying(),
                            status != null && status.isErrorState() ? String.valueOf(status.getError()) : null);
                }, processor.getName());
        long head = head();
        OptionalLong lowest = segments.stream().filter(s -> s.position() != null).mapToLong(Segment::position).min();
        Long position = lowest.isPresent() ? lowest.getAsLong() : null;
        long deadLetters = processing.deadLetterQueue(processor.getName()).map(SequencedDeadLetterQueue::size).orElse(0L);
        return new Projection(processor.getName(), processor.isRunning(), processor.isReplaying(), head, position,
                position == null ? null : Math.max(0, head - position), segments, deadLetters);
    }

    private OptionalLong lowestPosition(StreamingEventProcessor processor) {
        Long position = describe(processor).position();
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /** The global index in a stored gap-aware token ({@code {"index": n, ...}}); null before the first event. */
    private Long storedPosition(byte[] token) {
        if (token == null) {
            return null;
        }
        try {
            var index = json.readTree(token).get("index");
            return index == null ? null : index.asLong();
        } catch (IOException e) {
            return null;
        }
    }

    private long head() {
        Long head = jdbc.queryForObject("SELECT max(globalIndex) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    private long count(long upToIndex) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE globalIndex <= ?", Long.class, upToIndex);
        return count == null ? 0 : count;
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                         .orElseThrow(() -> new RequestRefused(ErrorCode.MALFORMED_REQUEST, "no projection named '" + name + "'"));
    }

    private SequencedDeadLetterQueue<EventMessage<?>> deadLetterQueue(String name) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(name);
        return queue.orElseThrow(() -> new RequestRefused(ErrorCode.MALFORMED_REQUEST, "'" + name + "' has no dead-letter queue"));
    }
}
