package io.stagedoor.command.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Remembers the outcome of each command sent with an {@code Idempotency-Key}, in PostgreSQL, for a retention
 * window (24 h). {@link #remember} runs inside the command's own transaction, so the key exists exactly when the
 * command's events do — across instances and restarts.
 */
public class IdempotencyStore {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final long retentionSeconds;

    IdempotencyStore(JdbcTemplate jdbc, ObjectMapper json, Duration retention) {
        this.jdbc = jdbc;
        this.json = json;
        this.retentionSeconds = retention.toSeconds();
    }

    /** A remembered answer: the request's fingerprint and the command's outcome. */
    public record Remembered(String fingerprint, Object outcome) {
    }

    public Optional<Remembered> find(String scope, String key) {
        List<Remembered> found = jdbc.query(
                "SELECT fingerprint, outcome_type, outcome FROM idempotency_key WHERE scope = ? AND key = ? "
                        + "AND created_at > now() - make_interval(secs => ?)",
                (row, n) -> new Remembered(row.getString(1).trim(), read(row.getString(2), row.getBytes(3))),
                scope, key, retentionSeconds);
        return found.stream().findFirst();
    }

    /**
     * Stores the outcome under the key, in the current transaction.
     *
     * @throws IdempotencyKeyTaken if the key holds an answer that has not expired (then the transaction must roll back)
     */
    void remember(IdempotencyKey key, Object outcome) {
        int stored = jdbc.update(
                "INSERT INTO idempotency_key (scope, key, fingerprint, outcome_type, outcome) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, "
                        + "outcome_type = excluded.outcome_type, outcome = excluded.outcome, created_at = now() "
                        + "WHERE idempotency_key.created_at <= now() - make_interval(secs => ?)",
                key.scope(), key.key(), key.fingerprint(), outcome.getClass().getName(), write(outcome), retentionSeconds);
        if (stored == 0) {
            throw new IdempotencyKeyTaken();
        }
    }

    /** Forgets answers older than the retention window. */
    public int purgeExpired() {
        return jdbc.update("DELETE FROM idempotency_key WHERE created_at <= now() - make_interval(secs => ?)",
                retentionSeconds);
    }

    private byte[] write(Object outcome) {
        try {
            return json.writeValueAsBytes(outcome);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the outcome of " + outcome.getClass().getName(), e);
        }
    }

    private Object read(String type, byte[] outcome) {
        try {
            return json.readValue(outcome, Class.forName(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("unknown stored outcome type " + type, e);
        }
    }

    /** Another request already holds this key (it committed, or committed while we were running). */
    public static final class IdempotencyKeyTaken extends RuntimeException {
        IdempotencyKeyTaken() {
            super("the Idempotency-Key already holds an answer", null, false, false);
        }
    }
}
