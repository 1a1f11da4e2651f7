package io.stagedoor.standalone;

import io.stagedoor.testsupport.TestDatabase;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What a database's schema is, read from PostgreSQL's catalog: to compare databases and to see who created what. */
final class SchemaCatalog {

    /** Each query answers the table an object belongs to (empty for none) and a description of the object. */
    private static final List<String> QUERIES = List.of(
            "SELECT relname, 'relation ' || relname || ' of kind ' || relkind FROM pg_class "
                    + "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'S', 'v', 'm')",
            "SELECT c.relname, 'column ' || c.relname || '.' || a.attname || ' #' || a.attnum || ' ' "
                    + "|| format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END "
                    + "|| coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') "
                    + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                    + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                    + "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 "
                    + "AND NOT a.attisdropped",
            "SELECT tablename, 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'",
            "SELECT conrelid::regclass::text, 'constraint ' || conrelid::regclass || ' ' || conname || ' ' "
                    + "|| pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
            "SELECT tgrelid::regclass::text, 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
            "SELECT '', 'function ' || pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = 'public'::regnamespace");

    private SchemaCatalog() {
    }

    /**
     * Every table, sequence, column (position, type, nullability, default), index, constraint, trigger and function
     * in the public schema, except Flyway's history tables: they record how the schema came about, not what it is.
     */
    static Set<String> describe(TestDatabase.Credentials database) throws SQLException {
        Set<String> objects = new TreeSet<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (String query : QUERIES) {
                try (ResultSet rows = statement.executeQuery(query)) {
                    while (rows.next()) {
                        if (!rows.getString(1).contains("schema_history")) {
                            objects.add(rows.getString(2));
                        }
                    }
                }
            }
        }
        return objects;
    }

    /** The names of the tables in the public schema. */
    static List<String> tables(TestDatabase.Credentials database) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                     + "ORDER BY tablename")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    static DataSource dataSource(TestDatabase.Credentials database) {
        return new DriverManagerDataSource(database.url(), database.username(), database.password());
    }
}
