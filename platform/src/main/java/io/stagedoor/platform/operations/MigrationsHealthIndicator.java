package io.stagedoor.platform.operations;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.util.Arrays;

/**
 * Part of readiness: every migration this build knows has been applied to the database. Down while another node (or
 * this one) has not yet brought the schema up to date, and while the database cannot be asked.
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

    private final Flyway flyway;

    public MigrationsHealthIndicator(Flyway flyway) {
        super("migrations check failed");
        this.flyway = flyway;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        MigrationInfo[] pending = flyway.info().pending();
        MigrationInfo current = flyway.info().current();
        builder.withDetail("current", current == null ? "none" : current.getVersion().toString());
        if (pending.length == 0) {
            builder.up();
        } else {
            builder.down().withDetail("pending", Arrays.stream(pending).map(m -> m.getVersion().toString()).toList());
        }
    }
}
