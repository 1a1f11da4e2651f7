package io.stagedoor.query.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the API shows it. The secret appears only in the answers that create or rotate it
 * ({@link #withSecret}); {@code toString} shows neither it nor the URL (which may carry a token of the receiver's).
 *
 * @param eventTypes      the types it receives; null for all
 * @param meetingId       the one meeting whose events it receives; null for all
 * @param disabledReason  why it was disabled (by its owner, a 410 answer, or failing too long), while it is
 */
record Endpoint(String id, String url, @Schema(types = {"array", "null"}) List<String> eventTypes,
                @Schema(types = {"string", "null"}) String meetingId, @Schema(types = {"string", "null"}) String description,
                boolean enabled,
                @JsonInclude(JsonInclude.Include.NON_NULL) String disabledReason, Instant createdAt,
                @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    Endpoint withSecret(String shownOnce) {
        return new Endpoint(id, url, eventTypes, meetingId, description, enabled, disabledReason, createdAt, shownOnce);
    }

    @Override
    public String toString() {
        return "Endpoint[id=" + id + ", enabled=" + enabled + "]";
    }
}
