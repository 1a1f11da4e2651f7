package io.stagedoor.command.presence;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code presence_watch} and {@code presence_grace} tables: written a batch at a time, as part of the statement
 * that writes the batch's deadlines; read by the presence judge. Times are the database's: a participant begins to
 * hold at its transaction's time.
 */
public final class WatchRows {

    private final JdbcTemplate jdbc;

    WatchRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A participant of a meeting. */
    public record Key(String meetingId, String userId) {
    }

    /**
     * A watched participant: the version of its latest event, and whether it let go earlier in the same batch (then it
     * holds since now; otherwise since it began to hold, if it held already).
     */
    record Watch(long version, boolean restarted) {
    }

    /** A participant judged absent, with the version its judgement names. */
    record Absent(String meetingId, String userId, long holdingSinceVersion) {
    }

    /** One batch's changes: null values remove. */
    public static final class Changes {
        final Map<Key, Watch> watches = new LinkedHashMap<>();
        final Map<String, Integer> graces = new LinkedHashMap<>();

        public boolean isEmpty() {
            return watches.isEmpty() && graces.isEmpty();
        }

        void watch(Key key, long version) {
            Watch before = watches.get(key);
            boolean restarted = before == null ? watches.containsKey(key) : before.restarted();
            watches.put(key, new Watch(version, restarted));
        }

        void unwatch(Key key) {
            watches.put(key, null);
        }

        void grace(String meetingId, Integer seconds) {
            graces.put(meetingId, seconds);
        }
    }

    /**
     * The statement parts that write a batch's changes: data-modifying CTEs, bound to {@link #arrays} in that order,
     * to go into one statement with the batch's other derived rows (every statement after the append counts towards
     * how late a transaction can commit: DatabaseSessionLimits).
     */
    public static final String WRITES = "watch_change AS (SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], "
            + "?::boolean[]) AS c(meeting_id, user_id, version, restarted)), "
            + "watch_removed AS (DELETE FROM presence_watch w USING watch_change c WHERE c.version IS NULL "
            + "AND w.meeting_id = c.meeting_id AND w.user_id = c.user_id), "
            + "watch_stored AS (INSERT INTO presence_watch (meeting_id, user_id, watched_since, holding_since_version) "
            + "SELECT meeting_id, user_id, now(), version FROM watch_change WHERE version IS NOT NULL "
            + "ON CONFLICT (meeting_id, user_id) DO UPDATE SET holding_since_version = excluded.holding_since_version, "
            + "watched_since = CASE WHEN (SELECT restarted FROM watch_change c WHERE c.meeting_id = excluded.meeting_id "
            + "AND c.user_id = excluded.user_id) THEN excluded.watched_since ELSE presence_watch.watched_since END), "
            + "grace_change AS (SELECT * FROM unnest(?::varchar[], ?::integer[]) AS c(meeting_id, grace_seconds)), "
            + "grace_removed AS (DELETE FROM presence_grace g USING grace_change c WHERE c.grace_seconds IS NULL "
            + "AND g.meeting_id = c.meeting_id), "
            + "grace_stored AS (INSERT INTO presence_grace (meeting_id, grace_seconds, enabled_at) SELECT meeting_id, "
            + "grace_seconds, now() FROM grace_change WHERE grace_seconds IS NOT NULL ON CONFLICT (meeting_id) "
            + "DO UPDATE SET grace_seconds = excluded.grace_seconds)";

    /** The arrays {@link #WRITES} is bound to, in order. */
    public static Array[] arrays(Connection connection, Changes changes) throws SQLException {
        List<Map.Entry<Key, Watch>> watches = new ArrayList<>(changes.watches.entrySet());
        List<Map.Entry<String, Integer>> graces = new ArrayList<>(changes.graces.entrySet());
        return new Array[]{
                column(connection, "varchar", watches, e -> e.getKey().meetingId()),
                column(connection, "varchar", watches, e -> e.getKey().userId()),
                column(connection, "bigint", watches, e -> e.getValue() == null ? null : e.getValue().version()),
                column(connection, "boolean", watches, e -> e.getValue() != null && e.getValue().restarted()),
                column(connection, "varchar", graces, Map.Entry::getKey),
                column(connection, "integer", graces, Map.Entry::getValue)};
    }

    /**
     * The watched participants of meetings with a presence grace that nobody has seen for longer than it: neither
     * since they began to hold, nor since the meeting has a grace, nor in {@code participant_presence}, nor since
     * the judge began to observe. The judge observes without a break while its rounds follow each other within
     * {@code unobservedAfter}; after a longer gap (the whole service down, the database away) it observes afresh, so
     * nobody is judged absent for the time nothing could be seen. By the database's clock.
     */
    List<Absent> absent(int limit, Duration unobservedAfter) {
        return jdbc.query("WITH judge AS (INSERT INTO presence_judge (id, judged_at, observing_since) "
                        + "VALUES (1, now(), now()) ON CONFLICT (id) DO UPDATE SET judged_at = now(), observing_since = "
                        + "CASE WHEN presence_judge.judged_at < now() - make_interval(secs => ?) THEN now() "
                        + "ELSE presence_judge.observing_since END RETURNING observing_since) "
                        + "SELECT w.meeting_id, w.user_id, w.holding_since_version FROM presence_watch w "
                        + "JOIN presence_grace g ON g.meeting_id = w.meeting_id "
                        + "LEFT JOIN participant_presence p ON p.meeting_id = w.meeting_id AND p.user_id = w.user_id "
                        + "WHERE greatest(w.watched_since, p.last_seen_at, g.enabled_at, (SELECT observing_since FROM judge)) "
                        + "< now() - make_interval(secs => g.grace_seconds) ORDER BY w.watched_since LIMIT ?",
                (row, n) -> new Absent(row.getString(1), row.getString(2), row.getLong(3)),
                unobservedAfter.toMillis() / 1000.0, limit);
    }

    private static <T> Array column(Connection connection, String type, List<T> rows, Function<? super T, ?> value)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
    }
}
