package io.stagedoor.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.fold.StageOverview;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the read models. Every answer is read in one repeatable-read transaction, so its rows and the version it
 * reports belong together. An empty answer means the read model does not know the meeting.
 */
@Component
class ReadModel {

    private static final String PEOPLE = "SELECT user_id, name, since FROM rm_participant WHERE meeting_id = ? AND status = ? "
            + "ORDER BY since, user_id COLLATE \"C\"";
    private static final String QUEUE = "SELECT * FROM (SELECT user_id, name, requested_at, requested_version, "
            + "row_number() OVER (ORDER BY requested_version) AS position FROM rm_participant "
            + "WHERE meeting_id = ? AND status = 'REQUESTED_TO_JOIN_STAGE') queue "
            + "WHERE requested_version > ? ORDER BY requested_version LIMIT ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    ReadModel(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    record Page<T>(long version, List<T> items, String next) {
    }

    record QueuedRequest(long requestedVersion, StageOverview.Request request) {
    }

    record Participant(String userId, String name, String preset, StageStatus status, Permissions permissions,
                       Instant since) {
    }

    record Permissions(boolean stageEnabled, String stageAccess, boolean acceptStageRequests,
                       boolean canChangeParticipantPermissions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HistoryEntry(long version, Instant occurredAt, String type, String actor, String userId, StageStatus from,
                        StageStatus to) {
    }

    Optional<StageOverview> overview(MeetingId meetingId) {
        return inSnapshot(() -> jdbc.query("SELECT * FROM rm_meeting WHERE meeting_id = ?", (row, n) -> {
            String meeting = meetingId.value();
            List<StageOverview.Request> queue = jdbc.query(QUEUE, (q, i) -> request(q), meeting, -1L, Integer.MAX_VALUE);
            return new StageOverview(meeting, row.getLong("version"), row.getString("title"),
                    row.getObject("max_on_stage", Integer.class), row.getObject("request_timeout_seconds", Integer.class),
                    row.getBoolean("ended"), instant(row, "created_at"), instant(row, "ended_at"),
                    new StageOverview.Counts(row.getInt("participant_count"), row.getInt("on_stage_count"),
                            row.getInt("accepted_count"), row.getInt("requested_count")),
                    jdbc.query(PEOPLE, ReadModel::person, meeting, StageStatus.ON_STAGE.name()),
                    jdbc.query(PEOPLE, ReadModel::person, meeting, StageStatus.ACCEPTED_TO_JOIN_STAGE.name()),
                    queue);
        }, meetingId.value()).stream().findFirst());
    }

    Optional<Page<StageOverview.Request>> requests(MeetingId meetingId, String cursor, int limit) {
        long after = cursor == null ? -1 : parseLong(cursor);
        return inSnapshot(() -> version(meetingId).map(version -> {
            List<QueuedRequest> rows = jdbc.query(QUEUE, (row, n) -> new QueuedRequest(row.getLong("requested_version"),
                    request(row)), meetingId.value(), after, limit + 1);
            List<StageOverview.Request> page = rows.stream().limit(limit).map(QueuedRequest::request).toList();
            String next = rows.size() > limit ? Cursor.encode(String.valueOf(rows.get(limit - 1).requestedVersion())) : null;
            return new Page<>(version, page, next);
        }));
    }

    Optional<Page<Participant>> participants(MeetingId meetingId, StageStatus status, String cursor, int limit) {
        String after = cursor == null ? "" : Cursor.decode(cursor);
        return inSnapshot(() -> version(meetingId).map(version -> {
            List<Participant> rows = status == null
                    ? jdbc.query("SELECT * FROM rm_participant WHERE meeting_id = ? AND user_id COLLATE \"C\" > ? "
                    + "ORDER BY user_id COLLATE \"C\" LIMIT ?", ReadModel::participant, meetingId.value(), after, limit + 1)
                    : jdbc.query("SELECT * FROM rm_participant WHERE meeting_id = ? AND status = ? AND user_id COLLATE \"C\" > ? "
                    + "ORDER BY user_id COLLATE \"C\" LIMIT ?", ReadModel::participant, meetingId.value(), status.name(), after,
                    limit + 1);
            List<Participant> page = rows.stream().limit(limit).toList();
            String next = rows.size() > limit ? Cursor.encode(rows.get(limit - 1).userId()) : null;
            return new Page<>(version, page, next);
        }));
    }

    Optional<Page<Participant>> participant(MeetingId meetingId, UserId userId) {
        return inSnapshot(() -> version(meetingId).map(version -> new Page<>(version,
                jdbc.query("SELECT * FROM rm_participant WHERE meeting_id = ? AND user_id = ?", ReadModel::participant,
                        meetingId.value(), userId.value()), null)));
    }

    Optional<Page<HistoryEntry>> history(MeetingId meetingId, long after, int limit) {
        return inSnapshot(() -> version(meetingId).map(version -> {
            List<HistoryEntry> rows = jdbc.query("SELECT * FROM rm_history WHERE meeting_id = ? AND version > ? "
                    + "ORDER BY version LIMIT ?", ReadModel::entry, meetingId.value(), after, limit + 1);
            List<HistoryEntry> page = rows.stream().limit(limit).toList();
            String next = rows.size() > limit ? String.valueOf(page.get(page.size() - 1).version()) : null;
            return new Page<>(version, page, next);
        }));
    }

    private Optional<Long> version(MeetingId meetingId) {
        return jdbc.query("SELECT version FROM rm_meeting WHERE meeting_id = ?", (row, n) -> row.getLong(1),
                meetingId.value()).stream().findFirst();
    }

    private <T> T inSnapshot(Supplier<T> read) {
        return snapshot.execute(status -> read.get());
    }

    private static StageOverview.Person person(ResultSet row, int n) throws SQLException {
        return new StageOverview.Person(row.getString("user_id"), row.getString("name"), instant(row, "since"));
    }

    private static StageOverview.Request request(ResultSet row) throws SQLException {
        return new StageOverview.Request(row.getString("user_id"), row.getString("name"), instant(row, "requested_at"),
                row.getInt("position"));
    }

    private static Participant participant(ResultSet row, int n) throws SQLException {
        return new Participant(row.getString("user_id"), row.getString("name"), row.getString("preset"),
                StageStatus.valueOf(row.getString("status")),
                new Permissions(row.getBoolean("stage_enabled"), row.getString("stage_access"),
                        row.getBoolean("accept_stage_requests"), row.getBoolean("can_change_participant_permissions")),
                instant(row, "since"));
    }

    private static HistoryEntry entry(ResultSet row, int n) throws SQLException {
        String from = row.getString("from_status");
        String to = row.getString("to_status");
        return new HistoryEntry(row.getLong("version"), instant(row, "occurred_at"), row.getString("type"),
                row.getString("actor"), row.getString("user_id"), from == null ? null : StageStatus.valueOf(from),
                to == null ? null : StageStatus.valueOf(to));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static long parseLong(String cursor) {
        try {
            return Long.parseLong(Cursor.decode(cursor));
        } catch (NumberFormatException e) {
            throw new InvalidInput("cursor is not one this API handed out");
        }
    }
}
