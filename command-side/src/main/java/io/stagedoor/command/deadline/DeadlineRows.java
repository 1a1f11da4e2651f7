package io.stagedoor.command.deadline;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The {@code stage_deadline} table, written a batch at a time (columns as arrays: statements that cannot fail). */
final class DeadlineRows {

    private final JdbcTemplate jdbc;

    DeadlineRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores each deadline, or removes it where the value is null; one statement each way. */
    void write(Map<Deadline.Key, Deadline> changes) {
        List<Deadline> set = changes.values().stream().filter(d -> d != null).toList();
        List<Deadline.Key> removed = changes.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
        if (!removed.isEmpty()) {
            jdbc.update(connection -> statement(connection, "DELETE FROM stage_deadline d USING unnest(?::varchar[], "
                            + "?::varchar[], ?::varchar[]) AS k(meeting_id, user_id, kind) WHERE d.meeting_id = k.meeting_id "
                            + "AND d.user_id = k.user_id AND d.kind = k.kind",
                    column(connection, "varchar", removed, Deadline.Key::meetingId),
                    column(connection, "varchar", removed, Deadline.Key::userId),
                    column(connection, "varchar", removed, k -> k.kind().stored)));
        }
        if (!set.isEmpty()) {
            jdbc.update(connection -> statement(connection, "INSERT INTO stage_deadline (meeting_id, user_id, kind, due_at, "
                            + "since_version) SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], "
                            + "?::timestamptz[], ?::bigint[]) ON CONFLICT (meeting_id, user_id, kind) DO UPDATE "
                            + "SET due_at = excluded.due_at, since_version = excluded.since_version",
                    column(connection, "varchar", set, d -> d.key().meetingId()),
                    column(connection, "varchar", set, d -> d.key().userId()),
                    column(connection, "varchar", set, d -> d.key().kind().stored),
                    column(connection, "timestamptz", set, d -> d.dueAt().toString()),
                    column(connection, "bigint", set, Deadline::sinceVersion)));
        }
    }

    /** The deadlines due now, earliest first. */
    List<Deadline> due(int limit) {
        return jdbc.query("SELECT meeting_id, user_id, kind, due_at, since_version FROM stage_deadline "
                        + "WHERE due_at <= now() ORDER BY due_at LIMIT ?",
                (row, n) -> new Deadline(new Deadline.Key(row.getString(1), row.getString(2), Deadline.Kind.of(row.getString(3))),
                        row.getTimestamp(4).toInstant(), row.getLong(5)), limit);
    }

    private static PreparedStatement statement(Connection connection, String sql, Object... arrays) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < arrays.length; i++) {
            statement.setObject(i + 1, arrays[i]);
        }
        return statement;
    }

    private static <T> Array column(Connection connection, String type, Collection<T> rows, Function<? super T, ?> value) throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
    }
}
