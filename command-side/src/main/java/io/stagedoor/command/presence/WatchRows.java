package io.stagedoor.command.presence;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code presence_watch} and {@code presence_grace} tables, written a batch at a time (one statement each: they run
 * after the events are appended, where every statement counts towards how late a transaction can commit). Times are
 * the database's: a participant begins to hold at its transaction's time.
 */
final class WatchRows {

    private final JdbcTemplate jdbc;

    WatchRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Key(String meetingId, String userId) {
    }

    /**
     * A watched participant: the version of its latest event, and whether it let go earlier in the same batch (then it
     * holds since now; otherwise since it began to hold, if it held already).
     */
    record Watch(long version, boolean restarted) {
    }

    /** Also a participant judged absent: the version its judgement names. */
    record Absent(String meetingId, String userId, long holdingSinceVersion) {
    }

    /** One batch's changes: null values remove. */
    static final class Changes {
        final Map<Key, Watch> watches = new LinkedHashMap<>();
        final Map<String, Integer> graces = new LinkedHashMap<>();

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

    void write(Changes changes) {
        if (!changes.watches.isEmpty()) {
            List<Map.Entry<Key, Watch>> rows = new ArrayList<>(changes.watches.entrySet());
            jdbc.update(connection -> statement(connection, "WITH change AS (SELECT * FROM unnest(?::varchar[], "
                            + "?::varchar[], ?::bigint[], ?::boolean[]) AS c(meeting_id, user_id, version, restarted)), "
                            + "removed AS (DELETE FROM presence_watch w USING change c WHERE "
                            + "c.version IS NULL AND w.meeting_id = c.meeting_id AND w.user_id = c.user_id) "
                            + "INSERT INTO presence_watch (meeting_id, user_id, watched_since, holding_since_version) "
                            + "SELECT meeting_id, user_id, now(), version FROM change WHERE version IS NOT NULL "
                            + "ON CONFLICT (meeting_id, user_id) DO UPDATE SET holding_since_version = "
                            + "excluded.holding_since_version, watched_since = CASE WHEN (SELECT restarted FROM change c "
                            + "WHERE c.meeting_id = excluded.meeting_id AND c.user_id = excluded.user_id) "
                            + "THEN excluded.watched_since ELSE presence_watch.watched_since END",
                    column(connection, "varchar", rows, e -> e.getKey().meetingId()),
                    column(connection, "varchar", rows, e -> e.getKey().userId()),
                    column(connection, "bigint", rows, e -> e.getValue() == null ? null : e.getValue().version()),
                    column(connection, "boolean", rows, e -> e.getValue() != null && e.getValue().restarted())));
        }
        if (!changes.graces.isEmpty()) {
            List<Map.Entry<String, Integer>> rows = new ArrayList<>(changes.graces.entrySet());
            jdbc.update(connection -> statement(connection, "WITH change AS (SELECT * FROM unnest(?::varchar[], "
                            + "?::integer[]) AS c(meeting_id, grace_seconds)), removed AS (DELETE FROM presence_grace g "
                            + "USING change c WHERE c.grace_seconds IS NULL AND g.meeting_id = c.meeting_id) "
                            + "INSERT INTO presence_grace (meeting_id, grace_seconds, enabled_at) SELECT meeting_id, "
                            + "grace_seconds, now() FROM change "
                            + "WHERE grace_seconds IS NOT NULL ON CONFLICT (meeting_id) DO UPDATE "
                            + "SET grace_seconds = excluded.grace_seconds",
                    column(connection, "varchar", rows, Map.Entry::getKey),
                    column(connection, "integer", rows, Map.Entry::getValue)));
        }
    }

    /**
     * The watched participants of meetings with a presence grace that nobody has seen for longer than it: neither
     * since they began to hold, nor since the meeting has a grace, nor in {@code participant_presence}. By the
     * database's clock.
     */
    List<Absent> absent(int limit) {
        return jdbc.query("SELECT w.meeting_id, w.user_id, w.holding_since_version FROM presence_watch w "
                        + "JOIN presence_grace g ON g.meeting_id = w.meeting_id "
                        + "LEFT JOIN participant_presence p ON p.meeting_id = w.meeting_id AND p.user_id = w.user_id "
                        + "WHERE greatest(w.watched_since, p.last_seen_at, g.enabled_at) "
                        + "< now() - make_interval(secs => g.grace_seconds) "
                        + "ORDER BY w.watched_since LIMIT ?",
                (row, n) -> new Absent(row.getString(1), row.getString(2), row.getLong(3)), limit);
    }

    private static PreparedStatement statement(Connection connection, String sql, Object... arrays) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < arrays.length; i++) {
            statement.setObject(i + 1, arrays[i]);
        }
        return statement;
    }

    private static <T> Array column(Connection connection, String type, List<T> rows, Function<? super T, ?> value)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
    }
}
