package io.stagedoor.platform.schema;

/**
 * The tables one module owns: its Flyway migrations, recorded in a history table of its own, so each module versions
 * its schema on its own and an application migrates only the tables it uses. A module declares its set as a bean;
 * {@link SchemaMigrator} migrates platform's {@link #SHARED} set and then every declared one at start-up.
 *
 * @param name         how readiness and the logs call the set
 * @param location     where its migrations are, e.g. {@code classpath:db/command}
 * @param historyTable the table Flyway records them in, e.g. {@code schema_history_command}
 */
public record SchemaMigrations(String name, String location, String historyTable) {

    /** Axon's event, snapshot, token and dead-letter tables: what both sides use, so platform owns them. */
    public static final SchemaMigrations SHARED =
            new SchemaMigrations("shared", "classpath:db/shared", "schema_history_shared");
}
