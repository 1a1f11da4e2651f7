package io.stagedoor.platform.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The schema of one application: platform's {@link SchemaMigrations#SHARED} set, then each set the application's
 * modules declare, migrated at start-up in that order. Spring Boot treats it as a database initializer
 * ({@link SchemaMigratorDetector}): JDBC templates, Axon's storage and beans marked
 * {@code @DependsOnDatabaseInitialization} are created after it, and processors, the scheduler, the LISTEN thread and
 * the web server start after every bean is created.
 * <p>
 * Each set has its own history table and with it its own Flyway lock, so the sides start in any order, or at once,
 * against one database. A history table always begins with a baseline at version 0, which marks nothing as applied:
 * a set's V1 then runs on a database that already holds other tables (another module's, or those release 0.1 created
 * and recorded in {@code flyway_schema_history}, which V1 adopts with {@code IF NOT EXISTS}). Flyway's own
 * {@code baselineOnMigrate} decides by whether the database is empty, which two processes starting together can see
 * differently; the explicit baseline is the same for everyone.
 */
public class SchemaMigrator {

    /** Compared with the marker stored in every history table on every start: changing it would fail the start. */
    private static final String BASELINE = "history begins";

    private final Map<String, Flyway> flywayBySet = new LinkedHashMap<>();

    public SchemaMigrator(DataSource dataSource, List<SchemaMigrations> declared) {
        Stream.concat(Stream.of(SchemaMigrations.SHARED), declared.stream())
              .forEach(set -> flywayBySet.put(set.name(), flyway(dataSource, set)));
    }

    private static Flyway flyway(DataSource dataSource, SchemaMigrations set) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                     .dataSource(dataSource)
                     .locations(set.location())
                     .failOnMissingLocations(true)
                     .table(set.historyTable())
                     .baselineVersion("0")
                     .baselineDescription(BASELINE)
                     .load();
    }

    /** Applies every migration this build knows that the database lacks, set by set. */
    public void migrate() {
        flywayBySet.values().forEach(flyway -> {
            flyway.baseline();
            flyway.migrate();
        });
    }

    /** The versions this build knows and the database lacks, by set; empty when the schema is current. */
    public Map<String, List<String>> pending() {
        Map<String, List<String>> pending = new LinkedHashMap<>();
        flywayBySet.forEach((set, flyway) -> {
            List<String> versions = Arrays.stream(flyway.info().pending())
                                          .map(MigrationInfo::getVersion).map(Object::toString).toList();
            if (!versions.isEmpty()) {
                pending.put(set, versions);
            }
        });
        return pending;
    }
}
