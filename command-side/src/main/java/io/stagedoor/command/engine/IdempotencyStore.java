package io.stagedoor.command.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Remembers the outcome of each command sent with an {@code Idempotency-Key}, in PostgreSQL, for a retention
 * window (24 h). {@link #rememberAll} runs inside the transaction of the commands' batch, so a key exists exactly
 * when its command's events do — across instances and restarts.
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

    /** The keys, among those given, that already hold an answer that has not expired: one query. */
    Set<IdempotencyKey> taken(Collection<IdempotencyKey> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        Set<List<String>> held = new HashSet<>(jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT k.scope, k.key FROM "
                    + "idempotency_key k JOIN unnest(?::varchar[], ?::varchar[]) AS given(scope, key) "
                    + "ON k.scope = given.scope AND k.key = given.key "
                    + "WHERE k.created_at > now() - make_interval(secs => ?)");
            statement.setArray(1, connection.createArrayOf("varchar", keys.stream().map(IdempotencyKey::scope).toArray()));
            statement.setArray(2, connection.createArrayOf("varchar", keys.stream().map(IdempotencyKey::key).toArray()));
            statement.setLong(3, retentionSeconds);
            return statement;
        }, (row, n) -> List.of(row.getString(1), row.getString(2))));
        return keys.stream().filter(key -> held.contains(List.of(key.scope(), key.key())))
                   .collect(Collectors.toUnmodifiableSet());
    }

    /** An outcome to remember under its key. */
    record Answer(IdempotencyKey key, Object outcome) {
    }

    /**
     * Stores the outcomes under their keys, in the current transaction, in one statement. An expired answer under a
     * key is replaced; a live one is never overwritten.
     *
     * @throws IdempotencyKeyTaken if a key holds a live answer (the batch's locks and {@link #taken} make this a bug)
     */
    void rememberAll(List<Answer> answers) {
        if (answers.isEmpty()) {
            return;
        }
        int stored = jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO idempotency_key (scope, key, fingerprint, outcome_type, outcome) "
                            + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::char(64)[], ?::varchar[], ?::bytea[]) "
                            + "ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, "
                            + "outcome_type = excluded.outcome_type, outcome = excluded.outcome, created_at = now() "
                            + "WHERE idempotency_key.created_at <= now() - make_interval(secs => ?)");
            statement.setArray(1, column(connection, "varchar", answers, a -> a.key().scope()));
            statement.setArray(2, column(connection, "varchar", answers, a -> a.key().key()));
            statement.setArray(3, column(connection, "bpchar", answers, a -> a.key().fingerprint()));
            statement.setArray(4, column(connection, "varchar", answers, a -> a.outcome().getClass().getName()));
            statement.setArray(5, connection.createArrayOf("bytea",
                    answers.stream().map(a -> write(a.outcome())).toArray(byte[][]::new)));
            statement.setLong(6, retentionSeconds);
            return statement;
        });
        if (stored != answers.size()) {
            throw new IdempotencyKeyTaken();
        }
    }

    private static Array column(Connection connection, String type, List<Answer> answers,
                                Function<Answer, Object> value) throws SQLException {
        return connection.createArrayOf(type, answers.stream().map(value).toArray());
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
