package io.stagedoor.query.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * One message to one endpoint, as the API shows it: what (its {@code webhook-id}, type, meeting and version, feed
 * position), how it went (status {@code pending}, {@code delivered} or {@code failed} — given up after the retry
 * schedule), the attempts so far, the last answer (status, error, the start of the response body) and when the next
 * attempt is due.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Delivery(long id, @Schema(requiredMode = REQUIRED) String messageId,
                @Schema(requiredMode = REQUIRED) String type, String meetingId, Long version, Long position,
                @Schema(requiredMode = REQUIRED) String status, int attempts, Instant lastAttemptAt, Integer lastStatus,
                String lastError, String lastResponse, Instant nextAttemptAt,
                @Schema(requiredMode = REQUIRED) Instant createdAt, Instant deliveredAt) {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    /** The columns {@link #of} reads: a delivery {@code d} left-joined with its feed event {@code f}. */
    static final String COLUMNS = "d.id, d.message_id, d.type, f.meeting_id, f.version, d.feed_position, d.status, "
            + "d.attempts, d.last_attempt_at, d.last_status, d.last_error, d.last_response, d.next_attempt_at, "
            + "d.created_at, d.delivered_at";

    static Delivery of(ResultSet row, int n) throws SQLException {
        return new Delivery(row.getLong("id"), row.getString("message_id"), row.getString("type"),
                row.getString("meeting_id"), row.getObject("version", Long.class),
                row.getObject("feed_position", Long.class), row.getString("status"), row.getInt("attempts"),
                instant(row, "last_attempt_at"), row.getObject("last_status", Integer.class), row.getString("last_error"),
                row.getString("last_response"), instant(row, "next_attempt_at"), instant(row, "created_at"),
                instant(row, "delivered_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
