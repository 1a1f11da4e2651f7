package io.stagedoor.platform.schema;

import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

import java.util.Set;

/**
 * Axon's event and token storage are created after the schema is migrated, as Spring Boot arranges for its JDBC
 * templates (registered in spring.factories).
 */
class AxonStorageDependsOnSchema extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

    @Override
    protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
        return Set.of(EventStorageEngine.class, TokenStore.class);
    }
}
