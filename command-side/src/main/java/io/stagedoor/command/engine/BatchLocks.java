package io.stagedoor.command.engine;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.stream.LongStream;

/**
 * PostgreSQL advisory locks, taken by a command batch at the start of its transaction and held until it ends: one
 * per aggregate it writes and per idempotency key it uses. Command nodes sharing a database thus never decide on the
 * same meeting at once — the second waits, then reads what the first appended — so an append never collides with
 * another node's and no idempotency key is answered twice. Locks are taken in ascending order of their keys, so two
 * batches can not deadlock; two names that hash alike merely share a lock.
 */
final class BatchLocks {

    private final JdbcTemplate jdbc;

    BatchLocks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes every lock, in one statement, in the current transaction. */
    void lock(Collection<String> aggregates, Collection<IdempotencyKey> keys) {
        long[] locks = LongStream.concat(aggregates.stream().mapToLong(aggregate -> hash("aggregate", aggregate)),
                                         keys.stream().mapToLong(key -> hash("idempotency-key", key.scope() + '\0' + key.key())))
                                 .distinct().sorted().toArray();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_advisory_xact_lock(key) FROM (SELECT unnest(?::bigint[]) AS key ORDER BY 1) AS ordered");
            statement.setArray(1, connection.createArrayOf("bigint", LongStream.of(locks).boxed().toArray()));
            return statement;
        }, row -> {
        });
    }

    /** 64-bit FNV-1a of the namespace and the name: the same on every node and in every release. */
    static long hash(String namespace, String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : (namespace + ':' + name).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
