package io.stagedoor.command.deadline;

import io.stagedoor.command.presence.WatchRows;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code stage_deadline} table, written a batch at a time with whom presence watches (columns as arrays:
 * statements that cannot fail).
 */
final class DeadlineRows {

    private final JdbcTemplate jdbc;

    DeadlineRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores each deadline, or removes it where the value is null, and writes whom presence watches — in one statement:
     * it runs after the events are appended, where every statement counts towards how late a transaction can commit
     * (DatabaseSessionLimits).
     */
    void write(Map<Deadline.Key, Deadline> changes, WatchRows.Changes presence) {
        if (changes.isEmpty() && presence.isEmpty()) {
            return;
        }
        List<Map.Entry<Deadline.Key, Deadline>> rows = List.copyOf(changes.entrySet());
        jdbc.execute(connection -> {
            PreparedStatement statement = connection.prepareStatement("WITH change AS (SELECT * FROM unnest(?::varchar[], "
                    + "?::varchar[], ?::varchar[], ?::timestamptz[], ?::bigint[]) AS c(meeting_id, user_id, kind, due_at, "
                    + "since_version)), removed AS (DELETE FROM stage_deadline d USING change c WHERE c.due_at IS NULL "
                    + "AND d.meeting_id = c.meeting_id AND d.user_id = c.user_id AND d.kind = c.kind), "
                    + "stored AS (INSERT INTO stage_deadline (meeting_id, user_id, kind, due_at, since_version) "
                    + "SELECT * FROM change WHERE due_at IS NOT NULL ON CONFLICT (meeting_id, user_id, kind) "
                    + "DO UPDATE SET due_at = excluded.due_at, since_version = excluded.since_version), "
                    + WatchRows.WRITES + " SELECT 1");
            Object[] deadlineColumns = {
                    column(connection, "varchar", rows, e -> e.getKey().meetingId()),
                    column(connection, "varchar", rows, e -> e.getKey().userId()),
                    column(connection, "varchar", rows, e -> e.getKey().kind().stored),
                    column(connection, "timestamptz", rows, e -> e.getValue() == null ? null : e.getValue().dueAt().toString()),
                    column(connection, "bigint", rows, e -> e.getValue() == null ? null : e.getValue().sinceVersion())};
            int parameter = 1;
            for (Object column : deadlineColumns) {
                statement.setObject(parameter++, column);
            }
            for (Array column : WatchRows.arrays(connection, presence)) {
                statement.setObject(parameter++, column);
            }
            return statement;
        }, (PreparedStatement statement) -> statement.execute());
    }

    /** The deadlines due now, earliest first. */
    List<Deadline> due(int limit) {
        return jdbc.query("SELECT meeting_id, user_id, kind, due_at, since_version FROM stage_deadline "
                        + "WHERE due_at <= now() ORDER BY due_at LIMIT ?",
                (row, n) -> new Deadline(new Deadline.Key(row.getString(1), row.getString(2), Deadline.Kind.of(row.getString(3))),
                        row.getTimestamp(4).toInstant(), row.getLong(5)), limit);
    }

    private static <T> Array column(Connection connection, String type, Collection<T> rows, Function<? super T, ?> value) throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
    }
}
