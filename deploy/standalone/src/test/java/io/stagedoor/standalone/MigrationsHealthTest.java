package io.stagedoor.standalone;

import io.stagedoor.command.CommandSideApplication;
import io.stagedoor.platform.operations.MigrationsHealthIndicator;
import io.stagedoor.platform.schema.SchemaMigrator;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness stays down until every migration this build knows, in every set the application migrates, has been
 * applied; from then on it does not ask the database again.
 */
class MigrationsHealthTest {

    @Test
    void downWhileAnySetHasPendingMigrationsThenUpWithoutAskingAgain() throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        DataSource dataSource = SchemaCatalog.dataSource(database);
        SchemaMigrator commandSide = new SchemaMigrator(dataSource, List.of(CommandSideApplication.SCHEMA));
        MigrationsHealthIndicator migrations = new MigrationsHealthIndicator(commandSide);
        assertThat(migrations.health(true).getStatus()).isEqualTo(Status.DOWN);
        assertThat(migrations.health(true).getDetails().get("pending"))
                .isEqualTo(Map.of("shared", List.of("1", "2"), "command", List.of("1", "2", "3")));

        new SchemaMigrator(dataSource, List.of()).migrate();
        assertThat(migrations.health(true).getStatus()).isEqualTo(Status.DOWN);
        assertThat(migrations.health(true).getDetails().get("pending")).isEqualTo(Map.of("command", List.of("1", "2", "3")));

        commandSide.migrate();
        assertThat(migrations.health(true).getStatus()).isEqualTo(Status.UP);

        try (Connection connection = database.connect()) {
            connection.createStatement().execute("DROP TABLE schema_history_shared, schema_history_command");
        }
        assertThat(migrations.health(true).getStatus()).as("remembered, not asked again").isEqualTo(Status.UP);
        assertThat(new MigrationsHealthIndicator(commandSide).health(true).getStatus())
                .as("a new indicator asks, and finds the history gone").isEqualTo(Status.DOWN);
    }
}
