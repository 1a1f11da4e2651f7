package io.stagedoor.query.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.feed.EventTypes;
import io.stagedoor.query.feed.IntegrationSignal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code webhook_delivery} table. Deliveries of feed events are created by the feed writer (in the transaction
 * that writes the feed and its processor's token), by a redelivery or a replay; a test delivery by the test endpoint.
 * Each endpoint has a lane per meeting, and only the oldest pending delivery of a lane may be attempted, so a
 * meeting's events reach an endpoint in order, each one after the one before succeeded or was given up. A node
 * claims due lane heads with {@code FOR UPDATE SKIP LOCKED} and a lease (so one node at a time sends a delivery, and
 * another takes it over only once the lease ran out), sends them outside any transaction, and records the outcome.
 */
final class Deliveries {

    private static final String FROM = " FROM webhook_delivery d LEFT JOIN feed_event f ON f.position = d.feed_position ";
    private static final String LANE_HEADS = """
            WITH heads AS (
                SELECT DISTINCT ON (endpoint_id, lane) id, endpoint_id, next_attempt_at, lease_until
                FROM webhook_delivery
                WHERE status = 'pending' AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE enabled)
                ORDER BY endpoint_id, lane, id
            ), due AS (
                SELECT h.id, h.endpoint_id,
                       row_number() OVER (PARTITION BY h.endpoint_id ORDER BY h.next_attempt_at, h.id) AS rank
                FROM heads h
                WHERE h.next_attempt_at <= now() AND (h.lease_until IS NULL OR h.lease_until < now())
            ), chosen AS (
                SELECT d.id FROM webhook_delivery d
                JOIN due ON due.id = d.id
                LEFT JOIN unnest(?::uuid[], ?::int[]) AS busy(endpoint_id, in_flight) ON busy.endpoint_id = due.endpoint_id
                WHERE due.rank <= ? - coalesce(busy.in_flight, 0)
                ORDER BY d.next_attempt_at, d.id
                LIMIT ?
                FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE webhook_delivery d SET lease_until = now() + ? * interval '1 millisecond', lease_token = ?::uuid
            FROM chosen
            WHERE d.id = chosen.id AND d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until < now())
            RETURNING d.id
            """;
    private static final String CLAIMED = """
            SELECT d.id, d.endpoint_id, d.message_id, d.type, d.attempts, d.created_at, e.url, e.secret,
                   e.previous_secret, coalesce(e.previous_secret_until > now(), false) AS previous_valid,
                   f.meeting_id, f.version, f.occurred_at, f.actor, f.user_id, f.from_status, f.to_status, f.reason,
                   f.expires_at
            FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
            LEFT JOIN feed_event f ON f.position = d.feed_position
            WHERE d.id = ANY (?) ORDER BY d.id
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Endpoints endpoints;
    private final JsonMapper json;
    private final Clock clock;

    Deliveries(JdbcTemplate jdbc, TransactionTemplate transaction, Endpoints endpoints, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.endpoints = endpoints;
        this.json = json;
        this.clock = clock;
    }

    // ---- the API ----------------------------------------------------------------------------------------------

    record Page(List<Delivery> deliveries, @Schema(types = {"integer", "null"}) Long next) {
    }

    /** An endpoint's deliveries, newest first; {@code before} is the previous page's {@code next}. */
    Page list(String endpointId, String status, String meetingId, Long before, int limit) {
        String id = endpoints.find(endpointId).id();
        if (status != null && !List.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.FAILED).contains(status)) {
            throw new InvalidInput("status must be pending, delivered or failed");
        }
        StringBuilder sql = new StringBuilder("SELECT " + Delivery.COLUMNS + FROM + "WHERE d.endpoint_id = ?::uuid");
        List<Object> parameters = new ArrayList<>(List.of(id));
        if (status != null) {
            sql.append(" AND d.status = ?");
            parameters.add(status);
        }
        if (meetingId != null) {
            sql.append(" AND d.lane = ?");
            parameters.add(meetingId);
        }
        if (before != null) {
            sql.append(" AND d.id < ?");
            parameters.add(before);
        }
        sql.append(" ORDER BY d.id DESC LIMIT ?");
        parameters.add(limit + 1);
        List<Delivery> rows = jdbc.query(sql.toString(), Delivery::of, parameters.toArray());
        List<Delivery> page = rows.subList(0, Math.min(limit, rows.size()));
        return new Page(page, rows.size() > limit ? page.get(page.size() - 1).id() : null);
    }

    Delivery find(String endpointId, long deliveryId) {
        String id = Endpoints.uuid(endpointId);
        return jdbc.query("SELECT " + Delivery.COLUMNS + FROM + "WHERE d.endpoint_id = ?::uuid AND d.id = ?",
                       Delivery::of, id, deliveryId).stream().findFirst()
                   .orElseThrow(() -> new RequestRefused(ErrorCode.WEBHOOK_NOT_FOUND,
                           "webhook '" + endpointId + "' has no delivery " + deliveryId));
    }

    /** The same message again (same {@code webhook-id}), at the end of its lane. */
    Delivery redeliver(String endpointId, long deliveryId) {
        Delivery original = find(endpointId, deliveryId);
        Long created = transaction.execute(status -> {
            Long id = jdbc.queryForObject("INSERT INTO webhook_delivery (endpoint_id, lane, feed_position, message_id, "
                    + "type, status, next_attempt_at) SELECT endpoint_id, lane, feed_position, message_id, type, "
                    + "'pending', now() FROM webhook_delivery WHERE id = ? RETURNING id", Long.class, original.id());
            IntegrationSignal.notifyOthers(jdbc, 0);
            return id;
        });
        return find(endpointId, created);
    }

    /** What to send again: the endpoint's filters apply as well. */
    record Replay(String meetingId, Long fromVersion, Instant from, Instant to) {
    }

    /** Queues every feed event in the range that the endpoint's filters let through, in feed order; how many. */
    int replay(String endpointId, Replay replay) {
        String id = endpoints.find(endpointId).id();
        if (replay.fromVersion() != null && replay.meetingId() == null) {
            throw new InvalidInput("fromVersion needs meetingId");
        }
        if (replay.from() != null && replay.to() != null && !replay.from().isBefore(replay.to())) {
            throw new InvalidInput("from must be before to");
        }
        StringBuilder sql = new StringBuilder("INSERT INTO webhook_delivery (endpoint_id, lane, feed_position, "
                + "message_id, type, status, next_attempt_at) SELECT e.id, f.meeting_id, f.position, "
                + "'evt_' || f.position, f.type, 'pending', now() FROM feed_event f JOIN webhook_endpoint e "
                + "ON e.id = ?::uuid AND (e.meeting_id IS NULL OR e.meeting_id = f.meeting_id) "
                + "AND (e.event_types IS NULL OR f.type = ANY (e.event_types)) WHERE true");
        List<Object> parameters = new ArrayList<>(List.of(id));
        if (replay.meetingId() != null) {
            sql.append(" AND f.meeting_id = ?");
            parameters.add(replay.meetingId());
        }
        if (replay.fromVersion() != null) {
            sql.append(" AND f.version >= ?");
            parameters.add(replay.fromVersion());
        }
        if (replay.from() != null) {
            sql.append(" AND f.occurred_at >= ?");
            parameters.add(Timestamp.from(replay.from()));
        }
        if (replay.to() != null) {
            sql.append(" AND f.occurred_at < ?");
            parameters.add(Timestamp.from(replay.to()));
        }
        sql.append(" ORDER BY f.position");
        return transaction.execute(status -> {
            int queued = jdbc.update(sql.toString(), parameters.toArray());
            IntegrationSignal.notifyOthers(jdbc, 0);
            return queued;
        });
    }

    /** Queues a {@code webhook.test} message, in a lane of its own. */
    Delivery test(String endpointId) {
        String id = endpoints.find(endpointId).id();
        Long created = transaction.execute(status -> {
            Long deliveryId = jdbc.queryForObject("INSERT INTO webhook_delivery (endpoint_id, lane, message_id, type, "
                    + "status, next_attempt_at) VALUES (?::uuid, '', 'test_' || gen_random_uuid(), ?, 'pending', now()) "
                    + "RETURNING id", Long.class, id, EventTypes.WEBHOOK_TEST);
            IntegrationSignal.notifyOthers(jdbc, 0);
            return deliveryId;
        });
        return find(id, created);
    }

    // ---- sending ------------------------------------------------------------------------------------------------

    /**
     * A delivery this node holds the lease of, ready to send.
     *
     * @param secrets the secrets that sign it (the current one first)
     */
    record Claim(long id, UUID lease, String endpointId, String url, List<String> secrets, String messageId,
                 String body, int attempts) {

        @Override
        public String toString() {
            return "Claim[id=" + id + ", endpoint=" + endpointId + ", message=" + messageId + "]";
        }
    }

    /**
     * Leases up to {@code max} due lane heads of enabled endpoints, at most {@code perEndpoint} per endpoint counting
     * those this node already sends ({@code busy}).
     */
    List<Claim> claim(int max, int perEndpoint, Map<String, Integer> busy, Duration lease) {
        UUID token = UUID.randomUUID();
        List<Long> ids = jdbc.query(connection -> {
            var statement = connection.prepareStatement(LANE_HEADS);
            statement.setArray(1, connection.createArrayOf("uuid", busy.keySet().stream().map(UUID::fromString).toArray()));
            statement.setArray(2, connection.createArrayOf("int4", busy.values().toArray()));
            statement.setInt(3, perEndpoint);
            statement.setInt(4, max);
            statement.setLong(5, lease.toMillis());
            statement.setString(6, token.toString());
            return statement;
        }, (row, n) -> row.getLong(1));
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement(CLAIMED);
            statement.setArray(1, connection.createArrayOf("int8", ids.toArray()));
            return statement;
        }, (row, n) -> claim(row, token));
    }

    private Claim claim(ResultSet row, UUID lease) throws SQLException {
        String endpointId = row.getString("endpoint_id");
        String type = row.getString("type");
        Object payload;
        if (EventTypes.WEBHOOK_TEST.equals(type)) {
            payload = new Payload(type, row.getTimestamp("created_at").toInstant(), new TestData(endpointId));
        } else {
            Instant occurredAt = row.getTimestamp("occurred_at").toInstant();
            String from = row.getString("from_status");
            String to = row.getString("to_status");
            Timestamp expiresAt = row.getTimestamp("expires_at");
            payload = new Payload(type, occurredAt, new EventData(row.getString("meeting_id"), row.getLong("version"),
                    occurredAt, row.getString("actor"), row.getString("user_id"),
                    from == null ? null : StageStatus.valueOf(from), to == null ? null : StageStatus.valueOf(to),
                    row.getString("reason"), expiresAt == null ? null : expiresAt.toInstant()));
        }
        List<String> secrets;
        try {
            secrets = endpoints.signingSecrets(endpointId, row.getBytes("secret"), row.getBytes("previous_secret"),
                    row.getBoolean("previous_valid"));
        } catch (IllegalStateException wrongKey) {
            secrets = List.of();
        }
        return new Claim(row.getLong("id"), lease, endpointId, row.getString("url"), secrets,
                row.getString("message_id"), json.writeValueAsString(payload), row.getInt("attempts"));
    }

    /** The Standard Webhooks payload: the event's type, when it happened, and its data. */
    record Payload(String type, Instant timestamp, Object data) {
    }

    /** A feed event's data (the fields of the change feed but its position). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventData(String meetingId, long version, Instant occurredAt, String actor, String userId, StageStatus from,
                     StageStatus to, String reason, Instant expiresAt) {
    }

    /** What {@code webhook.test} carries: the endpoint it tests. */
    record TestData(String webhookId) {
    }

    /**
     * How an attempt went.
     *
     * @param status     the HTTP status, or null if there was no answer
     * @param error      what went wrong, or null on success
     * @param response   the start of the response body
     * @param retryAfter the answer's {@code Retry-After}, or null
     */
    record Outcome(Integer status, String error, String response, Duration retryAfter) {

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }

        boolean gone() {
            return status != null && status == 410;
        }
    }

    /**
     * Records an attempt made under a lease: delivered; or the next attempt scheduled (at {@code retryAt}, or given
     * up when null); the endpoint's health with it. Nothing if the lease was lost meanwhile (another node took over).
     *
     * @return true if recorded
     */
    boolean record(Claim claim, Outcome outcome, Instant retryAt, Duration disableAfter) {
        Instant now = clock.instant();
        Timestamp at = Timestamp.from(now);
        return Boolean.TRUE.equals(transaction.execute(status -> {
            String error = truncate(outcome.error(), 500);
            String response = truncate(outcome.response(), 1000);
            int updated;
            if (outcome.succeeded()) {
                updated = jdbc.update("UPDATE webhook_delivery SET status = 'delivered', attempts = attempts + 1, "
                        + "last_attempt_at = ?, last_status = ?, last_error = NULL, last_response = ?, delivered_at = ?, "
                        + "next_attempt_at = NULL, lease_until = NULL, lease_token = NULL "
                        + "WHERE id = ? AND lease_token = ?::uuid", at, outcome.status(), response, at, claim.id(),
                        claim.lease().toString());
                if (updated == 1) {
                    jdbc.update("UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ?::uuid "
                            + "AND failing_since IS NOT NULL", claim.endpointId());
                }
                return updated == 1;
            }
            Instant next = outcome.gone() ? now : retryAt;
            updated = jdbc.update("UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, last_attempt_at = ?, "
                            + "last_status = ?, last_error = ?, last_response = ?, next_attempt_at = ?, lease_until = NULL, "
                            + "lease_token = NULL WHERE id = ? AND lease_token = ?::uuid",
                    next == null ? Delivery.FAILED : Delivery.PENDING, at, outcome.status(), error, response,
                    next == null ? null : Timestamp.from(next), claim.id(), claim.lease().toString());
            if (updated == 0) {
                return false;
            }
            if (outcome.gone()) {
                disable(claim.endpointId(), "the endpoint answered 410 Gone at " + now);
                return true;
            }
            Timestamp failingSince = jdbc.queryForObject("UPDATE webhook_endpoint SET failing_since = "
                    + "coalesce(failing_since, ?) WHERE id = ?::uuid RETURNING failing_since", Timestamp.class, at,
                    claim.endpointId());
            if (failingSince != null && !failingSince.toInstant().plus(disableAfter).isAfter(now)) {
                disable(claim.endpointId(), "failing since " + failingSince.toInstant() + " (no delivery succeeded for "
                        + disableAfter + "); last error: " + error);
            }
            return true;
        }));
    }

    private void disable(String endpointId, String reason) {
        jdbc.update("UPDATE webhook_endpoint SET enabled = false, disabled_reason = ? WHERE id = ?::uuid AND enabled",
                truncate(reason, 500), endpointId);
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }
}
