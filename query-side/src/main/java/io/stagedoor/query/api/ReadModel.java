package io.stagedoor.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.fold.ParticipantView;
import io.stagedoor.query.fold.StageOverview;
import io.stagedoor.query.projection.ReadModelRows;
import io.swagger.v3.oas.annotations.media.Schema;
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

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Reads the read models. Every answer is read in one repeatable-read transaction, so its rows and the version it
 * reports belong together. An empty answer means the read model does not know the meeting.
 */
@Component
class ReadModel {

    private static final String MEETING = "SELECT * FROM rm_meeting WHERE meeting_id = ?";
    /** The participants the overview lists: on stage, accepted, requesting. */
    private static final String LISTED = "SELECT * FROM rm_participant WHERE meeting_id = ? AND status IN (?, ?, ?)";
    /**
     * The pending requests, through the partial index on {@code requested_version} (the status is part of the
     * statement, not a parameter, so that the index applies). Pages are cut by that key, which orders the queue
     * ({@code ParticipantView}'s queue order); positions and the order within a page come from the fold.
     */
    private static final String QUEUED = "FROM rm_participant WHERE meeting_id = ? AND status = '"
            + StageStatus.REQUESTED_TO_JOIN_STAGE.name() + "' ";
    private static final String QUEUE_PAGE = "SELECT * " + QUEUED + "AND requested_version > ? "
            + "ORDER BY requested_version LIMIT ?";
    private static final String QUEUED_UP_TO = "SELECT count(*) " + QUEUED + "AND requested_version <= ?";

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

    /** {@code name} is null for a participant added without one. */
    record Participant(String userId, @Schema(types = {"string", "null"}) String name, String preset,
                       StageStatus status, Permissions permissions, Instant since) {

        static Participant of(ParticipantView view) {
            StagePermissions permissions = view.permissions();
            return new Participant(view.userId().value(), view.name(), view.preset().value(), view.status(),
                    new Permissions(permissions.stageEnabled(), permissions.stageAccess().name(),
                            permissions.acceptStageRequests(), permissions.canChangeParticipantPermissions()),
                    view.since());
        }
    }

    record Permissions(boolean stageEnabled, String stageAccess, boolean acceptStageRequests,
                       boolean canChangeParticipantPermissions) {
    }

    /**
     * One entry of the audit trail.
     *
     * @param reason why the engine ({@code service:stagedoor}) decided, one of {@code EngineReasons}: absent when a
     *               participant, host or service did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HistoryEntry(long version, @Schema(requiredMode = REQUIRED) Instant occurredAt,
                        @Schema(requiredMode = REQUIRED) String type, @Schema(requiredMode = REQUIRED) String actor,
                        String userId, StageStatus from, StageStatus to, String reason) {
    }

    Optional<StageOverview> overview(MeetingId meetingId) {
        String meeting = meetingId.value();
        return inSnapshot(() -> jdbc.query(MEETING, ReadModelRows::meeting, meeting).stream().findFirst()
                                    .map(view -> StageOverview.of(view, jdbc.query(LISTED, ReadModelRows::participant,
                                            meeting, StageStatus.ON_STAGE.name(), StageStatus.ACCEPTED_TO_JOIN_STAGE.name(),
                                            StageStatus.REQUESTED_TO_JOIN_STAGE.name()))));
    }

    /** A page of the queue, after the request at version {@code cursor}: positions count the requests before it. */
    Optional<Page<StageOverview.Request>> requests(MeetingId meetingId, String cursor, int limit) {
        long after = cursor == null ? -1 : parseLong(cursor);
        String meeting = meetingId.value();
        return inSnapshot(() -> version(meetingId).map(version -> {
            List<ParticipantView> rows = jdbc.query(QUEUE_PAGE, ReadModelRows::participant, meeting, after, limit + 1);
            List<ParticipantView> page = rows.subList(0, Math.min(limit, rows.size()));
            int before = jdbc.queryForObject(QUEUED_UP_TO, Integer.class, meeting, after);
            String next = rows.size() > limit ? Cursor.encode(String.valueOf(page.get(limit - 1).requestedVersion())) : null;
            return new Page<>(version, StageOverview.requests(page, before), next);
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

    private static Participant participant(ResultSet row, int n) throws SQLException {
        return Participant.of(ReadModelRows.participant(row, n));
    }

    /** A row of {@code rm_history} as an entry; the history's pages and its exports map it so. */
    static HistoryEntry entry(ResultSet row, int n) throws SQLException {
        String from = row.getString("from_status");
        String to = row.getString("to_status");
        return new HistoryEntry(row.getLong("version"), instant(row, "occurred_at"), row.getString("type"),
                row.getString("actor"), row.getString("user_id"), from == null ? null : StageStatus.valueOf(from),
                to == null ? null : StageStatus.valueOf(to), row.getString("reason"));
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
