package io.stagedoor.query.projection;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.fold.StageFold;
import io.stagedoor.query.projection.ReadModelRows.HistoryRow;
import io.stagedoor.query.projection.ReadModelRows.ParticipantRow;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Empty copies of the read-model tables ({@code rm_meeting_rebuild}, ...: same columns, defaults, constraints and,
 * once filled, indexes), filled with {@code COPY} a chunk at a time — by a writer thread of their own, while the caller folds the
 * next chunk — then swapped in for the tables they copy. Only one rebuild in the whole cluster holds them at a time
 * (a PostgreSQL advisory lock, kept by the session that writes them); copies an interrupted rebuild left behind are
 * dropped by the next one.
 */
final class FreshTables implements AutoCloseable {

    private static final List<ReadModelTable<?>> TABLES = List.of(ReadModelRows.MEETINGS, ReadModelRows.PARTICIPANTS,
            ReadModelRows.HISTORY);
    private static final String LOCK = "SELECT pg_try_advisory_lock(hashtext('stagedoor read-model rebuild'))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('stagedoor read-model rebuild'))";
    /** Rows are sent once this much COPY text has been formatted (about 40,000 events' rows). */
    private static final int CHUNK_CHARS = 4 << 20;

    private final Connection connection;
    private final CopyManager copy;
    private final Map<ReadModelTable<?>, StringBuilder> chunks = new HashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-rebuild-writer");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> written = CompletableFuture.completedFuture(null);
    private int chunkChars;
    private boolean swapped;

    private FreshTables(Connection connection) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        TABLES.forEach(table -> chunks.put(table, new StringBuilder()));
    }

    /**
     * Creates the empty copies.
     *
     * @throws RequestRefused 2015 while another rebuild holds them
     */
    static FreshTables create(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            try (ResultSet locked = statement.executeQuery(LOCK)) {
                locked.next();
                if (!locked.getBoolean(1)) {
                    throw new RequestRefused(ErrorCode.UNAVAILABLE, "a rebuild of the read models is running on "
                            + "another node; follow it there, or retry once it is done");
                }
            }
            try {
                FreshTables tables = new FreshTables(connection);
                tables.drop();
                for (ReadModelTable<?> table : TABLES) {
                    statement.execute("CREATE TABLE " + fresh(table) + " (LIKE " + table.name()
                            + " INCLUDING ALL EXCLUDING INDEXES)");
                }
                return tables;
            } catch (SQLException | RuntimeException e) {
                statement.execute(UNLOCK); // the session goes back to the pool, where a lock would outlive the rebuild
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static String fresh(ReadModelTable<?> table) {
        return table.name() + "_rebuild";
    }

    /** The rows of a meeting folded from its first event: the meeting and its participants. */
    void add(StageFold meeting) throws SQLException {
        String meetingId = meeting.meeting().meetingId().value();
        append(ReadModelRows.MEETINGS, meeting.meeting());
        for (var participant : meeting.participants()) {
            append(ReadModelRows.PARTICIPANTS, new ParticipantRow(meetingId, participant));
        }
    }

    void add(HistoryRow event) throws SQLException {
        append(ReadModelRows.HISTORY, event);
    }

    private <R> void append(ReadModelTable<R> table, R row) throws SQLException {
        StringBuilder chunk = chunks.get(table);
        int before = chunk.length();
        table.appendCopyText(chunk, row);
        chunkChars += chunk.length() - before;
        if (chunkChars >= CHUNK_CHARS) {
            flush();
        }
    }

    /**
     * Hands the rows formatted so far to the writer, which sends them while the next rows are folded; waits for the
     * rows handed before, so at most two chunks are held.
     */
    private void flush() throws SQLException {
        awaitWritten();
        Map<ReadModelTable<?>, byte[]> rows = new LinkedHashMap<>();
        for (ReadModelTable<?> table : TABLES) {
            StringBuilder chunk = chunks.get(table);
            if (!chunk.isEmpty()) {
                rows.put(table, chunk.toString().getBytes(StandardCharsets.UTF_8));
                chunk.setLength(0);
            }
        }
        chunkChars = 0;
        written = writer.submit(() -> {
            copy(rows);
            return null;
        });
    }

    private void awaitWritten() throws SQLException {
        try {
            written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while writing the fresh tables", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        }
    }

    /** Sends rows in one transaction (not bound by the statement timeout meant for requests). */
    private void copy(Map<ReadModelTable<?>, byte[]> rows) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = 0");
            for (Map.Entry<ReadModelTable<?>, byte[]> table : rows.entrySet()) {
                CopyIn in = copy.copyIn(table.getKey().copyInto(fresh(table.getKey())));
                in.writeToCopy(table.getValue(), 0, table.getValue().length);
                in.endCopy();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Sends the last rows, then gives the copies the keys and indexes of the tables they copy — built once over all
     * rows, which costs PostgreSQL far less than keeping them up to date row by row — and the planner's statistics,
     * so the tables are queried well from the swap on.
     */
    void finish() throws SQLException {
        flush();
        awaitWritten();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = 0");
            for (ReadModelTable<?> table : TABLES) {
                for (String definition : indexDefinitions(statement, table)) {
                    statement.execute(definition);
                }
                statement.execute("ANALYZE " + fresh(table));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The statements that give the copy of a table its keys (named by PostgreSQL) and its other indexes (unnamed). */
    private static List<String> indexDefinitions(Statement statement, ReadModelTable<?> table) throws SQLException {
        List<String> definitions = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT CASE WHEN c.oid IS NULL THEN regexp_replace("
                + "pg_get_indexdef(i.indexrelid), 'INDEX \\S+ ON \\S+', 'INDEX ON " + fresh(table) + "') ELSE 'ALTER TABLE "
                + fresh(table) + " ADD ' || pg_get_constraintdef(c.oid) END FROM pg_index i LEFT JOIN pg_constraint c "
                + "ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid WHERE i.indrelid = '" + table.name()
                + "'::regclass")) {
            while (rows.next()) {
                definitions.add(rows.getString(1));
            }
        }
        return definitions;
    }

    /**
     * Replaces the read-model tables with the copies, in the caller's transaction: the old tables are dropped, the
     * copies and their indexes (and so their constraints) take the old names.
     *
     * @throws IllegalStateException if a table's columns or indexes changed since the copies were made
     */
    void swapIn(JdbcTemplate jdbc) {
        Map<String, String> indexNames = new HashMap<>();
        for (ReadModelTable<?> table : TABLES) {
            if (!columns(jdbc, table.name()).equals(columns(jdbc, fresh(table)))) {
                throw new IllegalStateException(table.name() + " changed its columns during the rebuild; rebuild again");
            }
            indexNames.putAll(indexNames(jdbc, table));
        }
        jdbc.execute("DROP TABLE " + String.join(", ", TABLES.stream().map(ReadModelTable::name).toList()));
        for (ReadModelTable<?> table : TABLES) {
            jdbc.execute("ALTER TABLE " + fresh(table) + " RENAME TO " + table.name());
        }
        indexNames.forEach((fresh, old) -> jdbc.execute("ALTER INDEX " + quoted(fresh) + " RENAME TO " + quoted(old)));
        swapped = true;
    }

    private static List<String> columns(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("SELECT attname || ' ' || format_type(atttypid, atttypmod) || ' ' || attnotnull "
                + "FROM pg_attribute WHERE attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped "
                + "ORDER BY attnum", String.class, table);
    }

    /** Each index of the copy and the index of the table it copies: the one with the same definition. */
    private static Map<String, String> indexNames(JdbcTemplate jdbc, ReadModelTable<?> table) {
        String indexes = "SELECT c.relname, regexp_replace(pg_get_indexdef(c.oid), 'INDEX \\S+ ON \\S+', 'INDEX ON') AS "
                + "definition FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = CAST(? AS regclass)";
        Map<String, String> names = new HashMap<>();
        jdbc.query("SELECT f.relname, o.relname FROM (" + indexes + ") f JOIN (" + indexes + ") o USING (definition)",
                row -> {
                    names.put(row.getString(1), row.getString(2));
                }, fresh(table), table.name());
        Long count = jdbc.queryForObject("SELECT count(*) FROM pg_index WHERE indrelid = CAST(? AS regclass)", Long.class,
                table.name());
        if (count == null || names.size() != count || names.values().stream().distinct().count() != count) {
            throw new IllegalStateException(table.name() + " changed its indexes during the rebuild; rebuild again");
        }
        return names;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private void drop() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + String.join(", ", TABLES.stream().map(FreshTables::fresh).toList()));
        }
    }

    /** Drops the copies unless they were swapped in, and lets the next rebuild have them. */
    @Override
    public void close() throws SQLException {
        writer.shutdown();
        try (connection; Statement statement = connection.createStatement()) {
            try {
                if (!swapped) {
                    try {
                        awaitWritten(); // the connection is the writer's until it is done
                    } catch (SQLException secondary) {
                        // the rebuild failed before it could learn of this, and reports why it failed
                    }
                    drop();
                }
            } finally {
                statement.execute(UNLOCK);
            }
        }
    }
}
