package io.stagedoor.platform;

import io.stagedoor.platform.operations.MigrationsHealthIndicator;
import io.stagedoor.platform.schema.SchemaMigrator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Health contributions every Stagedoor application has. */
@AutoConfiguration(after = SchemaAutoConfiguration.class)
public class OperationsAutoConfiguration {

    @Bean
    MigrationsHealthIndicator migrationsHealthIndicator(SchemaMigrator schema) {
        return new MigrationsHealthIndicator(schema);
    }
}
