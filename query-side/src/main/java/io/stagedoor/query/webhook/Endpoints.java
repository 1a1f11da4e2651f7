package io.stagedoor.query.webhook;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.feed.IntegrationSignal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The {@code webhook_endpoint} table: endpoints, their filters, their (sealed) secrets and their health. */
final class Endpoints {

    private static final String COLUMNS = "id, url, event_types, meeting_id, description, enabled, disabled_reason, "
            + "created_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SecretBox secrets;
    private final Clock clock;

    Endpoints(JdbcTemplate jdbc, TransactionTemplate transaction, SecretBox secrets, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** What an endpoint receives and where. */
    record Settings(String url, List<String> eventTypes, String meetingId, String description) {
    }

    /** Creates an endpoint; the answer carries its secret, the one time it is shown (besides rotation). */
    Endpoint create(Settings settings) {
        String id = UUID.randomUUID().toString();
        String secret = Signatures.newSecret();
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("INSERT INTO webhook_endpoint (id, url, event_types, meeting_id, "
                    + "description, enabled, secret, created_at) VALUES (?::uuid, ?, ?, ?, ?, true, ?, ?)");
            statement.setString(1, id);
            statement.setString(2, settings.url());
            statement.setArray(3, settings.eventTypes() == null ? null
                    : connection.createArrayOf("text", settings.eventTypes().toArray()));
            statement.setString(4, settings.meetingId());
            statement.setString(5, settings.description());
            statement.setBytes(6, secrets.seal(secret, id));
            statement.setTimestamp(7, Timestamp.from(clock.instant()));
            return statement;
        });
        return find(id).withSecret(secret);
    }

    List<Endpoint> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_endpoint ORDER BY created_at, id", Endpoints::endpoint);
    }

    /** @throws RequestRefused 2017 if there is no such endpoint */
    Endpoint find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE id = ?::uuid", Endpoints::endpoint, uuid(id))
                   .stream().findFirst().orElseThrow(() -> notFound(id));
    }

    /** Replaces what the endpoint receives and where; enabling it again clears its failure record. */
    Endpoint update(String id, Settings settings, boolean enabled) {
        Endpoint updated = transaction.execute(status -> {
            Endpoint before = find(id);
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("UPDATE webhook_endpoint SET url = ?, event_types = ?, "
                        + "meeting_id = ?, description = ?, enabled = ?, "
                        + "disabled_reason = CASE WHEN ? THEN NULL ELSE coalesce(disabled_reason, 'disabled by its owner') END, "
                        + "failing_since = CASE WHEN ? THEN NULL ELSE failing_since END WHERE id = ?::uuid");
                statement.setString(1, settings.url());
                statement.setArray(2, settings.eventTypes() == null ? null
                        : connection.createArrayOf("text", settings.eventTypes().toArray()));
                statement.setString(3, settings.meetingId());
                statement.setString(4, settings.description());
                statement.setBoolean(5, enabled);
                statement.setBoolean(6, enabled);
                statement.setBoolean(7, enabled && !before.enabled());
                statement.setString(8, id);
                return statement;
            });
            if (enabled && !before.enabled()) {
                IntegrationSignal.notifyOthers(jdbc, 0);
            }
            return find(id);
        });
        return updated;
    }

    void delete(String id) {
        if (jdbc.update("DELETE FROM webhook_endpoint WHERE id = ?::uuid", uuid(id)) == 0) {
            throw notFound(id);
        }
    }

    /** A new secret; the current one keeps signing too, for {@code overlap}. */
    Endpoint rotate(String id, java.time.Duration overlap) {
        String secret = Signatures.newSecret();
        Instant until = clock.instant().plus(overlap);
        int updated = jdbc.update("UPDATE webhook_endpoint SET previous_secret = secret, previous_secret_until = ?, "
                + "secret = ? WHERE id = ?::uuid", Timestamp.from(until), secrets.seal(secret, uuid(id)), uuid(id));
        if (updated == 0) {
            throw notFound(id);
        }
        return find(id).withSecret(secret);
    }

    /** The secrets that sign now: the current one, and the previous one within its overlap. */
    List<String> signingSecrets(String id, byte[] current, byte[] previous, boolean previousValid) {
        return previous != null && previousValid ? List.of(secrets.open(current, id), secrets.open(previous, id))
                : List.of(secrets.open(current, id));
    }

    static RequestRefused notFound(String id) {
        return new RequestRefused(ErrorCode.WEBHOOK_NOT_FOUND, "no webhook '" + id + "'");
    }

    /** The id in its canonical form. @throws RequestRefused 2017 for anything that is not an endpoint id */
    static String uuid(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound(id);
        }
    }

    private static Endpoint endpoint(ResultSet row, int n) throws SQLException {
        Array types = row.getArray("event_types");
        return new Endpoint(row.getString("id"), row.getString("url"),
                types == null ? null : Arrays.asList((String[]) types.getArray()), row.getString("meeting_id"),
                row.getString("description"), row.getBoolean("enabled"), row.getString("disabled_reason"),
                row.getTimestamp("created_at").toInstant(), null);
    }
}
