package io.stagedoor.platform;

import io.stagedoor.platform.schema.SchemaMigrations;
import io.stagedoor.platform.schema.SchemaMigrator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/**
 * Each module's tables, migrated at start-up before anything uses the database: platform's shared set first, then
 * every {@link SchemaMigrations} bean the application's modules declare. This takes the place of Spring Boot's single
 * Flyway (spring-boot-flyway is not a dependency, so {@code spring.flyway.*} does not apply), and reuses Boot's
 * ordering of database initialization.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@Import(DatabaseInitializationDependencyConfigurer.class)
public class SchemaAutoConfiguration {

    @Bean(initMethod = "migrate")
    SchemaMigrator schemaMigrator(DataSource dataSource, ObjectProvider<SchemaMigrations> declared) {
        return new SchemaMigrator(dataSource, declared.orderedStream().toList());
    }
}
