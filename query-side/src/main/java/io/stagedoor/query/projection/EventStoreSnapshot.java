package io.stagedoor.query.projection;

import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.platform.AxonJdbcAutoConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.Message;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.postgresql.PGStatement;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

import static org.axonframework.eventsourcing.EventStreamUtils.upcastAndDeserializeDomainEvents;

/**
 * The event store as one snapshot (a REPEATABLE READ transaction): the position a projection that had processed
 * exactly the events it sees would hold, and those events of the Stage, meeting after meeting and each meeting's in
 * sequence order, upcast and deserialized as every processor reads them — streamed through a server-side cursor,
 * never held whole.
 */
final class EventStoreSnapshot implements AutoCloseable {

    /**
     * The first global index Axon's JDBC event store hands out ({@code JdbcEventStorageEngine}'s default), and how far
     * below its position a gap-aware token keeps gaps (as {@link AxonJdbcAutoConfiguration} configures the engine).
     */
    static final long LOWEST_GLOBAL_INDEX = 1;
    static final int MAX_GAP_OFFSET = AxonJdbcAutoConfiguration.MAX_GAP_OFFSET;
    private static final String EVENTS = AxonJdbcAutoConfiguration.EVENT_TABLE;
    private static final int FETCH_SIZE = 1000;
    private static final int BATCH = 500;
    private static final int BATCHES_AHEAD = 2 * Runtime.getRuntime().availableProcessors();

    private final Connection connection;
    private final GapAwareTrackingToken position;
    private final ExecutorService deserializers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            runnable -> {
                Thread thread = new Thread(runnable, "read-model-rebuild-reader");
                thread.setDaemon(true);
                return thread;
            });

    EventStoreSnapshot(DataSource dataSource) throws SQLException {
        connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                // one long read, not an append: the session limits bounding late commits (DatabaseSessionLimits)
                // are not meant for it
                statement.execute("SET LOCAL statement_timeout = 0");
                statement.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
            }
            position = readPosition();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * The highest global index in the snapshot, with every lower index within the token's gap offset that the snapshot
     * does not hold as a gap: an event whose transaction was still open when the snapshot was taken is read by the
     * projection later (as Axon's processors read any late commit), one the snapshot holds never again.
     */
    GapAwareTrackingToken position() {
        return position;
    }

    private GapAwareTrackingToken readPosition() throws SQLException {
        long head;
        try (Statement statement = connection.createStatement();
             ResultSet max = statement.executeQuery("SELECT max(globalIndex) FROM " + EVENTS)) {
            max.next();
            head = max.getObject(1) == null ? LOWEST_GLOBAL_INDEX - 1 : max.getLong(1);
        }
        List<Long> gaps = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT g FROM generate_series(greatest(?, ?), ?) AS g "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + EVENTS + " WHERE globalIndex = g)")) {
            query.setLong(1, LOWEST_GLOBAL_INDEX);
            query.setLong(2, head - MAX_GAP_OFFSET);
            query.setLong(3, head - 1);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    gaps.add(rows.getLong(1));
                }
            }
        }
        return GapAwareTrackingToken.newInstance(head, gaps);
    }

    /**
     * The Stage's events, ordered by meeting and sequence number (the event table's unique index on both), with their
     * payloads deserialized ahead of the caller, a batch at a time, by as many threads as the machine has cores: the
     * JSON of the events is most of the work of a rebuild.
     */
    Iterator<DomainEventMessage<?>> events(Serializer serializer, EventUpcaster upcasters) throws SQLException {
        DomainEventStream stored = stored(serializer, upcasters);
        return new Iterator<>() {
            private final Deque<Future<List<DomainEventMessage<?>>>> ahead = new ArrayDeque<>();
            private Iterator<DomainEventMessage<?>> batch = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext()) {
                    while (ahead.size() < BATCHES_AHEAD && stored.hasNext()) {
                        List<DomainEventMessage<?>> next = new ArrayList<>(BATCH);
                        while (next.size() < BATCH && stored.hasNext()) {
                            next.add(stored.next());
                        }
                        ahead.add(deserializers.submit(() -> {
                            next.forEach(Message::getPayload);
                            return next;
                        }));
                    }
                    if (ahead.isEmpty()) {
                        return false;
                    }
                    batch = deserialized(ahead.poll()).iterator();
                }
                return true;
            }

            @Override
            public DomainEventMessage<?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    private static List<DomainEventMessage<?>> deserialized(Future<List<DomainEventMessage<?>>> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the event store", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    /** The stored events as Axon reads them (upcast), each deserialized when its payload is first asked for. */
    private DomainEventStream stored(Serializer serializer, EventUpcaster upcasters) throws SQLException {
        PreparedStatement query = connection.prepareStatement("SELECT eventIdentifier, aggregateIdentifier, "
                + "sequenceNumber, type, timeStamp, payloadType, payloadRevision, payload, metaData FROM " + EVENTS
                + " WHERE type = ? ORDER BY aggregateIdentifier, sequenceNumber");
        query.setFetchSize(FETCH_SIZE);
        // payloads in binary, not as hex text to decode: the statement runs once, so pgjdbc would not switch by itself
        query.unwrap(PGStatement.class).setPrepareThreshold(-1);
        query.setString(1, StageEvent.AGGREGATE_TYPE);
        ResultSet rows = query.executeQuery();
        Spliterator<GenericDomainEventEntry<byte[]>> entries = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super GenericDomainEventEntry<byte[]>> next) {
                try {
                    if (!rows.next()) {
                        return false;
                    }
                    next.accept(new GenericDomainEventEntry<>(rows.getString(4), rows.getString(2), rows.getLong(3),
                            rows.getString(1), rows.getString(5), rows.getString(6), rows.getString(7),
                            rows.getBytes(8), rows.getBytes(9)));
                    return true;
                } catch (SQLException e) {
                    throw new IllegalStateException("could not read the event store", e);
                }
            }
        };
        return upcastAndDeserializeDomainEvents(StreamSupport.stream(entries, false), serializer, upcasters);
    }

    /** Ends the snapshot (its transaction only read) and hands the connection back. */
    @Override
    public void close() throws SQLException {
        deserializers.shutdownNow();
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
