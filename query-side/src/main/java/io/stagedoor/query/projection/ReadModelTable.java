package io.stagedoor.query.projection;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A read-model table and how a row of type {@code R} fills each of its columns — defined once, for both ways rows are
 * written: by the projector, a batch at a time as one array per column ({@code unnest}), and by the bulk rebuild, as
 * {@code COPY} text into a fresh copy of the table.
 *
 * @param key the primary key's columns
 */
record ReadModelTable<R>(String name, List<String> key, List<Column<R>> columns) {

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** A column, its SQL type, and its value in a row (null for SQL NULL; an {@link Instant} for a timestamp). */
    record Column<R>(String name, String type, Function<R, ?> value) {
    }

    static <R> Column<R> column(String name, String type, Function<R, ?> value) {
        return new Column<>(name, type, value);
    }

    String columnList() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** Inserts rows given as one array parameter per column; a row whose key exists is updated to the new values. */
    String upsert() {
        return insert() + " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET "
                + columns.stream().map(Column::name).filter(c -> !key.contains(c)).map(c -> c + " = excluded." + c)
                         .collect(Collectors.joining(", "));
    }

    /** Inserts rows given as one array parameter per column; a row whose key exists is left as it is. */
    String insertNew() {
        return insert() + " ON CONFLICT DO NOTHING";
    }

    private String insert() {
        return "INSERT INTO " + name + " (" + columnList() + ") SELECT * FROM unnest("
                + columns.stream().map(c -> "?::" + c.type() + "[]").collect(Collectors.joining(", ")) + ")";
    }

    /** The parameters of {@link #upsert} and {@link #insertNew}: each column of the rows as an array. */
    Object[] arrays(Connection connection, List<R> rows) throws SQLException {
        List<Array> arrays = new ArrayList<>();
        for (Column<R> column : columns) {
            arrays.add(connection.createArrayOf(column.type(), rows.stream().map(column.value())
                                                                  .map(ReadModelTable::arrayElement).toArray()));
        }
        return arrays.toArray();
    }

    /** A timestamp as ISO-8601 text in UTC: read the same whatever the session's time zone. */
    private static Object arrayElement(Object value) {
        return value instanceof Instant instant ? instant.toString() : value;
    }

    /** {@code COPY} into {@code table} (this one or a fresh copy of it), rows as written by {@link #appendCopyText}. */
    String copyInto(String table) {
        return "COPY " + table + " (" + columnList() + ") FROM STDIN";
    }

    /** A row in COPY's text format: tab-separated values, {@code \N} for NULL, backslash escapes. */
    void appendCopyText(StringBuilder text, R row) {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                text.append('\t');
            }
            Object value = columns.get(i).value().apply(row);
            if (value == null) {
                text.append("\\N");
            } else if (value instanceof Instant instant) {
                appendTimestamp(text, instant);
            } else {
                escape(text, value.toString());
            }
        }
        text.append('\n');
    }

    /**
     * A timestamp as the text {@link Instant#toString} gives for the projector's arrays, with all nine digits of its
     * fraction, so PostgreSQL rounds it to microseconds alike — formatted by hand: it is much of a rebuild's text.
     */
    private static void appendTimestamp(StringBuilder text, Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            text.append(instant);
            return;
        }
        digits(text, t.getYear(), 4).append('-');
        digits(text, t.getMonthValue(), 2).append('-');
        digits(text, t.getDayOfMonth(), 2).append('T');
        digits(text, t.getHour(), 2).append(':');
        digits(text, t.getMinute(), 2).append(':');
        digits(text, t.getSecond(), 2).append('.');
        digits(text, t.getNano(), 9).append('Z');
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        for (int divisor = POWERS_OF_TEN[width - 1]; divisor > 0; divisor /= 10) {
            text.append((char) ('0' + value / divisor % 10));
        }
        return text;
    }

    private static void escape(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
