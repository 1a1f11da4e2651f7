package io.stagedoor.query.projection;

import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageEvent;
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

import static io.stagedoor.query.projection.ReadModelTable.column;

/**
 * The read-model tables, read and written a batch at a time: every statement takes whole columns as arrays
 * ({@code unnest}), so projecting a batch of events costs a fixed handful of round trips, not a few per event.
 * What each column holds is defined once ({@link #MEETINGS}, {@link #PARTICIPANTS}, {@link #HISTORY}), for these
 * statements and the bulk rebuild's {@code COPY} alike. Its row mappers are public: the query API reads the same rows
 * as the same views.
 */
public final class ReadModelRows {

    /** One participant row's key. */
    record ParticipantKey(String meetingId, String userId) {
    }

    static final ReadModelTable<MeetingView> MEETINGS = new ReadModelTable<>("rm_meeting", List.of("meeting_id"), List.of(
            column("meeting_id", "varchar", m -> m.meetingId().value()),
            column("version", "bigint", MeetingView::version),
            column("title", "varchar", m -> m.settings().title()),
            column("max_on_stage", "int4", m -> m.settings().maxOnStage()),
            column("request_timeout_seconds", "int4", m -> m.settings().requestTimeoutSeconds()),
            column("ended", "bool", MeetingView::ended),
            column("created_at", "timestamptz", MeetingView::createdAt),
            column("ended_at", "timestamptz", MeetingView::endedAt),
            column("participant_count", "int4", m -> m.counts().participants()),
            column("on_stage_count", "int4", m -> m.counts().onStage()),
            column("accepted_count", "int4", m -> m.counts().accepted()),
            column("requested_count", "int4", m -> m.counts().requested()),
            column("auto_accept", "bool", m -> m.settings().autoAccept()),
            column("accept_timeout_seconds", "int4", m -> m.settings().acceptTimeoutSeconds()),
            column("max_pending_requests", "int4", m -> m.settings().maxPendingRequests()),
            column("presence_grace_seconds", "int4", m -> m.settings().presenceGraceSeconds())));

    static final ReadModelTable<ParticipantRow> PARTICIPANTS = new ReadModelTable<>("rm_participant",
            List.of("meeting_id", "user_id"), List.of(
            column("meeting_id", "varchar", ParticipantRow::meetingId),
            column("user_id", "varchar", p -> p.view().userId().value()),
            column("name", "varchar", p -> p.view().name()),
            column("preset", "varchar", p -> p.view().preset().value()),
            column("stage_enabled", "bool", p -> p.view().permissions().stageEnabled()),
            column("stage_access", "varchar", p -> p.view().permissions().stageAccess().name()),
            column("accept_stage_requests", "bool", p -> p.view().permissions().acceptStageRequests()),
            column("can_change_participant_permissions", "bool",
                    p -> p.view().permissions().canChangeParticipantPermissions()),
            column("status", "varchar", p -> p.view().status().name()),
            column("since", "timestamptz", p -> p.view().since()),
            column("requested_version", "bigint", p -> p.view().requestedVersion()),
            column("requested_at", "timestamptz", p -> p.view().requestedAt())));

    static final ReadModelTable<HistoryRow> HISTORY = new ReadModelTable<>("rm_history", List.of("meeting_id", "version"),
            List.of(
            column("meeting_id", "varchar", HistoryRow::meetingId),
            column("version", "bigint", HistoryRow::version),
            column("occurred_at", "timestamptz", HistoryRow::occurredAt),
            column("type", "varchar", HistoryRow::type),
            column("actor", "varchar", HistoryRow::actor),
            column("user_id", "varchar", HistoryRow::userId),
            column("from_status", "varchar", HistoryRow::fromStatus),
            column("to_status", "varchar", HistoryRow::toStatus),
            column("reason", "text", HistoryRow::reason)));

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
                array(connection, "varchar", meetingIds, Function.identity())), row -> {
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
                array(connection, "varchar", keys, ParticipantKey::meetingId),
                array(connection, "varchar", keys, ParticipantKey::userId)),
                row -> {
                    found.put(new ParticipantKey(row.getString("meeting_id"), row.getString("user_id")), participant(row, 0));
                });
        return found;
    }

    void saveMeetings(List<MeetingView> rows) {
        write(MEETINGS, MEETINGS.upsert(), rows);
    }

    /** A participant row: the view and the meeting it is in. */
    record ParticipantRow(String meetingId, ParticipantView view) {
    }

    void saveParticipants(List<ParticipantRow> rows) {
        write(PARTICIPANTS, PARTICIPANTS.upsert(), rows);
    }

    void deleteParticipants(List<ParticipantKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.update(connection -> statement(connection, "DELETE FROM rm_participant p "
                        + "USING unnest(?::varchar[], ?::varchar[]) AS k(meeting_id, user_id) "
                        + "WHERE p.meeting_id = k.meeting_id AND p.user_id = k.user_id",
                array(connection, "varchar", keys, ParticipantKey::meetingId),
                array(connection, "varchar", keys, ParticipantKey::userId)));
    }

    /**
     * One audit row per decision.
     *
     * @param reason why the engine decided ({@code EngineReasons}); null when a participant, host or service did
     */
    record HistoryRow(String meetingId, long version, Instant occurredAt, String type, String actor, String userId,
                      String fromStatus, String toStatus, String reason) {

        /** The row of the event stored at {@code version}. */
        static HistoryRow of(StageEvent event, long version) {
            ParticipantEvent p = event instanceof ParticipantEvent participantEvent ? participantEvent : null;
            return new HistoryRow(event.meetingId().value(), version, event.occurredAt(),
                    event.getClass().getSimpleName(), event.actor().value(), p == null ? null : p.userId().value(),
                    p == null || p.from() == null ? null : p.from().name(),
                    p == null || p.to() == null ? null : p.to().name(), p == null ? null : p.reason());
        }
    }

    void insertHistory(List<HistoryRow> rows) {
        write(HISTORY, HISTORY.insertNew(), rows);
    }

    private <R> void write(ReadModelTable<R> table, String sql, List<R> rows) {
        if (!rows.isEmpty()) {
            jdbc.update(connection -> statement(connection, sql, table.arrays(connection, rows)));
        }
    }

    /** Tells every process listening which meeting reached which version ({@code meetingId:version}). */
    void notifyVersions(Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return;
        }
        List<String> payloads = versions.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList();
        jdbc.query(connection -> statement(connection, "SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload",
                ReadModelVersions.CHANNEL, array(connection, "text", payloads, Function.identity())), row -> {
        });
    }

    /** Tells every process listening that every meeting may have moved (on commit): one notification, not one each. */
    void notifyEveryMeeting() {
        jdbc.query("SELECT pg_notify(?, ?)", row -> {
        }, ReadModelVersions.CHANNEL, ReadModelVersions.EVERY_MEETING);
    }

    void truncate() {
        jdbc.execute("TRUNCATE rm_history, rm_participant, rm_meeting");
    }

    /** A row of {@code rm_meeting} as the fold's view of the meeting; every reader of the table maps it so. */
    public static MeetingView meeting(ResultSet row, int n) throws SQLException {
        return new MeetingView(MeetingId.of(row.getString("meeting_id")), row.getLong("version"),
                new MeetingSettings(row.getString("title"), row.getObject("max_on_stage", Integer.class),
                        row.getObject("request_timeout_seconds", Integer.class), row.getBoolean("auto_accept"),
                        row.getObject("accept_timeout_seconds", Integer.class),
                        row.getObject("max_pending_requests", Integer.class),
                        row.getObject("presence_grace_seconds", Integer.class)),
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

    private static <T> Array array(Connection connection, String type, Collection<T> rows, Function<? super T, ?> value)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
