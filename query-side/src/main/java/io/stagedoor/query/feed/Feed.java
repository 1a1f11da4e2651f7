package io.stagedoor.query.feed;

import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.MeetingId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the change feed: pages after a position, optionally of one meeting and some types. Positions are committed in
 * order (see {@link FeedProjector}), so "everything after position P" read now and read later differ only by events
 * added at the end: a reader that resumes after the last position it saw never misses one.
 */
public final class Feed {

    /** Longest page. */
    public static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    public Feed(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * What to read.
     *
     * @param after     the position after which to start (0 for the beginning)
     * @param meetingId only this meeting's events, or null
     * @param types     only these public types, or null for all
     */
    public record Filter(long after, MeetingId meetingId, Set<String> types) {

        public Filter {
            if (after < 0) {
                throw new InvalidInput("after must be a position (0 or more)");
            }
            if (types != null) {
                List<String> unknown = types.stream().filter(Predicate.not(EventTypes::isKnown)).sorted().toList();
                if (!unknown.isEmpty()) {
                    throw new InvalidInput("unknown event types " + unknown + "; known: " + EventTypes.names());
                }
                types = Set.copyOf(types);
            }
        }

        /** Parses {@code types=a,b} (null or blank: all types). */
        public static Set<String> types(String list) {
            if (list == null || list.isBlank()) {
                return null;
            }
            return Set.copyOf(Arrays.stream(list.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList());
        }

        Filter after(long position) {
            return new Filter(position, meetingId, types);
        }
    }

    /**
     * @param next where the next page starts: the last position returned, or — when the page is not full — the
     *             highest position in the feed, so a reader filtering for rare events does not scan them again
     */
    public record Page(List<FeedEvent> events, long next) {
    }

    public Page page(Filter filter, int limit) {
        return snapshot.execute(status -> {
            List<FeedEvent> events = read(filter, limit);
            long next = events.isEmpty() ? filter.after() : events.get(events.size() - 1).position();
            if (events.size() < limit) {
                next = Math.max(next, head());
            }
            return new Page(events, next);
        });
    }

    /** A chunk of events handed to {@link #forEach}; false to stop. */
    public interface Chunk {
        boolean accept(List<FeedEvent> events) throws IOException;
    }

    /**
     * Hands every event after the filter's position to {@code chunk}, a thousand at a time, each chunk read by its own
     * statement (nothing held open while the caller writes), up to {@code max} events.
     *
     * @return the position of the last event handed over, or the filter's position if none
     */
    public long forEach(Filter filter, long max, Chunk chunk) throws IOException {
        long last = filter.after();
        long left = max;
        while (left > 0) {
            int requested = (int) Math.min(MAX_LIMIT, left);
            List<FeedEvent> events = read(filter.after(last), requested);
            if (events.isEmpty()) {
                break;
            }
            last = events.get(events.size() - 1).position();
            left -= events.size();
            if (!chunk.accept(events) || events.size() < requested) {
                break;
            }
        }
        return last;
    }

    /** The position of the newest event, 0 if none. */
    public long head() {
        Long head = jdbc.queryForObject("SELECT max(position) FROM feed_event", Long.class);
        return head == null ? 0 : head;
    }

    private List<FeedEvent> read(Filter filter, int limit) {
        return jdbc.query(connection -> statement(connection, filter, limit), (row, n) -> FeedEvent.of(row));
    }

    private static PreparedStatement statement(Connection connection, Filter filter, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + FeedEvent.COLUMNS + " FROM feed_event WHERE position > ?");
        List<Object> parameters = new ArrayList<>(List.of(filter.after()));
        if (filter.meetingId() != null) {
            sql.append(" AND meeting_id = ?");
            parameters.add(filter.meetingId().value());
        }
        if (filter.types() != null) {
            sql.append(" AND type = ANY (?)");
            parameters.add(connection.createArrayOf("varchar", filter.types().toArray()));
        }
        sql.append(" ORDER BY position LIMIT ?");
        parameters.add(limit);
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }
}
