package io.stagedoor.platform.operations;

import io.stagedoor.platform.schema.SchemaMigrator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.util.List;
import java.util.Map;

/**
 * Part of readiness: every migration this build knows, in every set this application migrates, has been applied.
 * Down while the database lacks one (or cannot be asked). Once all are applied it stays up without asking again: a
 * schema that was current for this build stays current, since newer builds only add migrations. A probe then costs
 * nothing here (readiness still checks the database itself).
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

    private final SchemaMigrator schema;
    private volatile boolean current;

    public MigrationsHealthIndicator(SchemaMigrator schema) {
        super("migrations check failed");
        this.schema = schema;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!current) {
            Map<String, List<String>> pending = schema.pending();
            if (!pending.isEmpty()) {
                builder.down().withDetail("pending", pending);
                return;
            }
            current = true;
        }
        builder.up();
    }
}
