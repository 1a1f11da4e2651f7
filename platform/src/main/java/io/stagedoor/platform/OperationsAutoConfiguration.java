package io.stagedoor.platform;

import io.stagedoor.platform.operations.MigrationsHealthIndicator;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** Health contributions every Stagedoor application has. */
@AutoConfiguration(afterName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
public class OperationsAutoConfiguration {

    @Bean
    @ConditionalOnBean(Flyway.class)
    MigrationsHealthIndicator migrationsHealthIndicator(Flyway flyway) {
        return new MigrationsHealthIndicator(flyway);
    }
}
