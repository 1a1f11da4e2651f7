package io.stagedoor.platform.schema;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

import java.util.Set;

/** Tells Spring Boot that the {@link SchemaMigrator} initializes the database (registered in spring.factories). */
class SchemaMigratorDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(SchemaMigrator.class);
    }
}
