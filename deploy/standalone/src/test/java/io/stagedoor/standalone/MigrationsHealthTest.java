package io.stagedoor.standalone;

import io.stagedoor.platform.operations.MigrationsHealthIndicator;
import io.stagedoor.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness stays down until every migration this build knows has been applied. */
class MigrationsHealthTest {

    @Test
    void downWhileMigrationsArePendingUpOnceApplied() {
        TestDatabase.Credentials database = TestDatabase.fresh();
        Flyway flyway = Flyway.configure().dataSource(database.url(), database.username(), database.password())
                              .locations("classpath:db/migration").load();
        MigrationsHealthIndicator migrations = new MigrationsHealthIndicator(flyway);
        assertThat(migrations.health(true).getStatus()).isEqualTo(Status.DOWN);
        assertThat(migrations.health(true).getDetails()).containsKey("pending");
        flyway.migrate();
        assertThat(migrations.health(true).getStatus()).isEqualTo(Status.UP);
    }
}
