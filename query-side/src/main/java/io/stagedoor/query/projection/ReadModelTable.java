package io.stagedoor.query.projection;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
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

    /** A column, its SQL type, and its value in a row (null for SQL NULL). */
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
            arrays.add(connection.createArrayOf(column.type(), rows.stream().map(column.value()).toArray()));
        }
        return arrays.toArray();
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
            } else {
                escape(text, value.toString());
            }
        }
        text.append('\n');
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
