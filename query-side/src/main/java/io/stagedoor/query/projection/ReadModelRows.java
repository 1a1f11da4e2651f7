package io.stagedoor.query.projection;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.fold.MeetingView;
import io.stagedoor.query.fold.ParticipantView;
import io.stagedoor.query.fold.StageOverview;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The read-model tables, read and written a batch at a time: every statement takes whole columns as arrays
 * ({@code unnest}), so projecting a batch of events costs a fixed handful of round trips, not a few per event.
 * Its row mappers are public: the query API reads the same rows as the same views.
 */
public final class ReadModelRows {

    /** One participant row's key. */
    record ParticipantKey(String meetingId, String userId) {
    }

    private final JdbcTemplate jdbc;

    ReadModelRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, MeetingView> meetings(Collection<String> meetingIds) {
        Map<String, MeetingView> found = new HashMap<>();
        if (meetingIds.isEmpty()) {
            return found;
        }
        jdbc.query(connection -> statement(connection, "SELECT * FROM rm_meeting WHERE meeting_id = ANY(?)",
                column(connection, "varchar", meetingIds, Function.identity())), row -> {
            MeetingView meeting = meeting(row, 0);
            found.put(meeting.meetingId().value(), meeting);
        });
        return found;
    }

    Map<ParticipantKey, ParticipantView> participants(Collection<ParticipantKey> keys) {
        Map<ParticipantKey, ParticipantView> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.query(connection -> statement(connection, "SELECT p.* FROM rm_participant p "
                        + "JOIN unnest(?::varchar[], ?::varchar[]) AS k(meeting_id, user_id) "
                        + "ON p.meeting_id = k.meeting_id AND p.user_id = k.user_id",
                column(connection, "varchar", keys, ParticipantKey::meetingId),
                column(connection, "varchar", keys, ParticipantKey::userId)),
                row -> {
                    found.put(new ParticipantKey(row.getString("meeting_id"), row.getString("user_id")), participant(row, 0));
                });
        return found;
    }

    void saveMeetings(List<MeetingView> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update(connection -> statement(connection, "INSERT INTO rm_meeting (meeting_id, version, title, max_on_stage, "
                        + "request_timeout_seconds, ended, created_at, ended_at, participant_count, on_stage_count, "
                        + "accepted_count, requested_count) SELECT * FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], "
                        + "?::int[], ?::int[], ?::boolean[], ?::timestamptz[], ?::timestamptz[], ?::int[], ?::int[], ?::int[], "
                        + "?::int[]) ON CONFLICT (meeting_id) DO UPDATE SET version = excluded.version, title = excluded.title, "
                        + "max_on_stage = excluded.max_on_stage, request_timeout_seconds = excluded.request_timeout_seconds, "
                        + "ended = excluded.ended, ended_at = excluded.ended_at, participant_count = excluded.participant_count, "
                        + "on_stage_count = excluded.on_stage_count, accepted_count = excluded.accepted_count, "
                        + "requested_count = excluded.requested_count",
                column(connection, "varchar", rows, m -> m.meetingId().value()),
                column(connection, "bigint", rows, MeetingView::version),
                column(connection, "varchar", rows, m -> m.settings().title()),
                column(connection, "int4", rows, m -> m.settings().maxOnStage()),
                column(connection, "int4", rows, m -> m.settings().requestTimeoutSeconds()),
                column(connection, "bool", rows, MeetingView::ended),
                column(connection, "timestamptz", rows, m -> timestamp(m.createdAt())),
                column(connection, "timestamptz", rows, m -> timestamp(m.endedAt())),
                column(connection, "int4", rows, m -> m.counts().participants()),
                column(connection, "int4", rows, m -> m.counts().onStage()),
                column(connection, "int4", rows, m -> m.counts().accepted()),
                column(connection, "int4", rows, m -> m.counts().requested())));
    }

    /** A participant row: the view and the meeting it is in. */
    record ParticipantRow(String meetingId, ParticipantView view) {
    }

    void saveParticipants(List<ParticipantRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update(connection -> statement(connection, "INSERT INTO rm_participant (meeting_id, user_id, name, preset, "
                        + "stage_enabled, stage_access, accept_stage_requests, can_change_participant_permissions, status, "
                        + "since, requested_version, requested_at) SELECT * FROM unnest(?::varchar[], ?::varchar[], "
                        + "?::varchar[], ?::varchar[], ?::boolean[], ?::varchar[], ?::boolean[], ?::boolean[], ?::varchar[], "
                        + "?::timestamptz[], ?::bigint[], ?::timestamptz[]) ON CONFLICT (meeting_id, user_id) DO UPDATE "
                        + "SET name = excluded.name, preset = excluded.preset, stage_enabled = excluded.stage_enabled, "
                        + "stage_access = excluded.stage_access, accept_stage_requests = excluded.accept_stage_requests, "
                        + "can_change_participant_permissions = excluded.can_change_participant_permissions, "
                        + "status = excluded.status, since = excluded.since, requested_version = excluded.requested_version, "
                        + "requested_at = excluded.requested_at",
                column(connection, "varchar", rows, ParticipantRow::meetingId),
                column(connection, "varchar", rows, p -> p.view().userId().value()),
                column(connection, "varchar", rows, p -> p.view().name()),
                column(connection, "varchar", rows, p -> p.view().preset().value()),
                column(connection, "bool", rows, p -> p.view().permissions().stageEnabled()),
                column(connection, "varchar", rows, p -> p.view().permissions().stageAccess().name()),
                column(connection, "bool", rows, p -> p.view().permissions().acceptStageRequests()),
                column(connection, "bool", rows, p -> p.view().permissions().canChangeParticipantPermissions()),
                column(connection, "varchar", rows, p -> p.view().status().name()),
                column(connection, "timestamptz", rows, p -> timestamp(p.view().since())),
                column(connection, "bigint", rows, p -> p.view().requestedVersion()),
                column(connection, "timestamptz", rows, p -> timestamp(p.view().requestedAt()))));
    }

    void deleteParticipants(List<ParticipantKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.update(connection -> statement(connection, "DELETE FROM rm_participant p "
                        + "USING unnest(?::varchar[], ?::varchar[]) AS k(meeting_id, user_id) "
                        + "WHERE p.meeting_id = k.meeting_id AND p.user_id = k.user_id",
                column(connection, "varchar", keys, ParticipantKey::meetingId),
                column(connection, "varchar", keys, ParticipantKey::userId)));
    }

    /** One audit row per decision. */
    record HistoryRow(String meetingId, long version, Instant occurredAt, String type, String actor, String userId,
                      String fromStatus, String toStatus) {
    }

    void insertHistory(List<HistoryRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update(connection -> statement(connection, "INSERT INTO rm_history (meeting_id, version, occurred_at, type, "
                        + "actor, user_id, from_status, to_status) SELECT * FROM unnest(?::varchar[], ?::bigint[], "
                        + "?::timestamptz[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[]) "
                        + "ON CONFLICT DO NOTHING",
                column(connection, "varchar", rows, HistoryRow::meetingId),
                column(connection, "bigint", rows, HistoryRow::version),
                column(connection, "timestamptz", rows, h -> timestamp(h.occurredAt())),
                column(connection, "varchar", rows, HistoryRow::type),
                column(connection, "varchar", rows, HistoryRow::actor),
                column(connection, "varchar", rows, HistoryRow::userId),
                column(connection, "varchar", rows, HistoryRow::fromStatus),
                column(connection, "varchar", rows, HistoryRow::toStatus)));
    }

    /** Tells every process listening which meeting reached which version ({@code meetingId:version}). */
    void notifyVersions(Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return;
        }
        List<String> payloads = versions.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList();
        jdbc.query(connection -> statement(connection, "SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload",
                ReadModelVersions.CHANNEL, column(connection, "text", payloads, Function.identity())), row -> {
        });
    }

    void truncate() {
        jdbc.execute("TRUNCATE rm_history, rm_participant, rm_meeting");
    }

    /** A row of {@code rm_meeting} as the fold's view of the meeting; every reader of the table maps it so. */
    public static MeetingView meeting(ResultSet row, int n) throws SQLException {
        return new MeetingView(MeetingId.of(row.getString("meeting_id")), row.getLong("version"),
                new MeetingSettings(row.getString("title"), row.getObject("max_on_stage", Integer.class),
                        row.getObject("request_timeout_seconds", Integer.class)),
                row.getBoolean("ended"), row.getTimestamp("created_at").toInstant(), instant(row.getTimestamp("ended_at")),
                new StageOverview.Counts(row.getInt("participant_count"), row.getInt("on_stage_count"),
                        row.getInt("accepted_count"), row.getInt("requested_count")));
    }

    /** A row of {@code rm_participant} as the fold's view of the participant; every reader of the table maps it so. */
    public static ParticipantView participant(ResultSet row, int n) throws SQLException {
        return new ParticipantView(UserId.of(row.getString("user_id")), row.getString("name"),
                PresetName.of(row.getString("preset")),
                new StagePermissions(row.getBoolean("stage_enabled"), StageAccess.valueOf(row.getString("stage_access")),
                        row.getBoolean("accept_stage_requests"), row.getBoolean("can_change_participant_permissions")),
                StageStatus.valueOf(row.getString("status")), row.getTimestamp("since").toInstant(),
                row.getObject("requested_version", Long.class), instant(row.getTimestamp("requested_at")));
    }

    private static PreparedStatement statement(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static <T> Array column(Connection connection, String type, Collection<T> rows, Function<? super T, ?> value)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
    }

    /** A timestamp as an array element: ISO-8601 in UTC, read the same whatever the session's time zone. */
    private static String timestamp(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
