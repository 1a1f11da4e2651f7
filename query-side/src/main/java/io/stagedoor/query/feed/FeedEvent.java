package io.stagedoor.query.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagedoor.kernel.stage.StageStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * One event of the change feed: its place in the feed ({@code position}), its public type, the meeting and the
 * meeting's version it produced, when, by whom, and for participant events the participant and its status before
 * and after ({@code from} absent when the participant was added, {@code to} when it was removed), why the engine
 * decided ({@code reason}, absent unless the actor is {@code service:stagedoor} and the event states one) and when
 * the request or acceptance it made expires ({@code expiresAt}, absent unless the meeting has that timeout).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedEvent(long position, @Schema(requiredMode = REQUIRED) String type,
                        @Schema(requiredMode = REQUIRED) String meetingId, long version,
                        @Schema(requiredMode = REQUIRED) Instant occurredAt, @Schema(requiredMode = REQUIRED) String actor,
                        String userId, StageStatus from, StageStatus to, String reason, Instant expiresAt)
        implements Export.Row {

    /** The columns of {@code feed_event} in this order, for SELECT lists. */
    static final String COLUMNS = "position, type, meeting_id, version, occurred_at, actor, user_id, from_status, "
            + "to_status, reason, expires_at";

    /** The CSV header: the JSON field names, in the same order. */
    static final String[] HEADER = {"position", "type", "meetingId", "version", "occurredAt", "actor", "userId", "from",
            "to", "reason", "expiresAt"};

    public static FeedEvent of(ResultSet row) throws SQLException {
        String from = row.getString("from_status");
        String to = row.getString("to_status");
        Timestamp expiresAt = row.getTimestamp("expires_at");
        return new FeedEvent(row.getLong("position"), row.getString("type"), row.getString("meeting_id"),
                row.getLong("version"), row.getTimestamp("occurred_at").toInstant(), row.getString("actor"),
                row.getString("user_id"), from == null ? null : StageStatus.valueOf(from),
                to == null ? null : StageStatus.valueOf(to), row.getString("reason"),
                expiresAt == null ? null : expiresAt.toInstant());
    }

    @Override
    public Object json() {
        return this;
    }

    @Override
    public Object[] values() {
        return new Object[]{position, type, meetingId, version, occurredAt, actor, userId, from, to, reason, expiresAt};
    }
}
