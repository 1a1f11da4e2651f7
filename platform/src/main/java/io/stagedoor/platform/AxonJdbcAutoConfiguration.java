package io.stagedoor.platform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.serialization.Serializer;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Axon's JDBC event store on PostgreSQL, wired for Spring Boot 4.
 * <p>
 * Axon 4.13 orders its auto-configuration after Boot 3 class names. On Boot 4 those names do not exist, so
 * Axon's JDBC event store ({@code JdbcAutoConfiguration}, conditional on a DataSource) and its Spring
 * transaction manager ({@code TransactionAutoConfiguration}, conditional on a PlatformTransactionManager) are
 * evaluated before Boot has defined either, and are silently skipped: commands would run on an in-memory
 * event bus without transactions. Running after Boot's DataSource auto-configurations and before Axon's
 * puts Axon's back where they belong (auto-configuration order is transitive).
 * <p>
 * The table names are chosen here and match the shared Flyway migrations under {@code db/shared} exactly.
 */
@EnableConfigurationProperties(EventStoreProperties.class)
@AutoConfiguration(
        afterName = {
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"},
        beforeName = {
                "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
                "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
                "org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration"})
public class AxonJdbcAutoConfiguration {

    /**
     * How many later events a processor sees before it forgets a gap, whatever its age: Axon's default, 10,000, is
     * passed in well under the gap timeout at the rates this engine sustains (at 1,000 events/s, in 10 s), so a late
     * commit would be skipped however short the timeouts. A million covers more than 16,000 events/s for the whole
     * gap timeout. The price: a hole that stays for good (the indexes of a rolled-back transaction) is kept in the
     * tokens until Axon's gap cleaning, which drops gaps older than the gap timeout once a token holds more than 250,
     * by reading the index and time of the events between its first and last gap.
     */
    public static final int MAX_GAP_OFFSET = 1_000_000;
    public static final String EVENT_TABLE = "domain_event_entry";
    public static final String SNAPSHOT_TABLE = "snapshot_event_entry";
    public static final String TOKEN_TABLE = "token_entry";
    public static final String DEAD_LETTER_TABLE = "dead_letter_entry";

    /**
     * Axon's JDBC storage engine, as Axon's own auto-configuration would build it (which backs off once an event bus
     * is defined, as below), but appending the events of a commit in one statement ({@link EventAppend}).
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager, EventSchema eventSchema) {
        return JdbcEventStorageEngine.builder()
                                     .snapshotSerializer(defaultSerializer)
                                     .upcasterChain(configuration.upcasterChain())
                                     .persistenceExceptionResolver(persistenceExceptionResolver)
                                     .eventSerializer(eventSerializer)
                                     .snapshotFilter(configuration.snapshotFilter())
                                     .connectionProvider(connectionProvider)
                                     .transactionManager(transactionManager)
                                     .schema(eventSchema)
                                     .appendEvents(EventAppend::inOneStatement)
                                     .gapTimeout((int) DatabaseSessionLimits.GAP_TIMEOUT.toMillis())
                                     .maxGapOffset(MAX_GAP_OFFSET)
                                     // events per query when a processor reads the stream or a meeting is loaded
                                     // (Axon's default is 100): fewer round trips in replays and long histories
                                     .batchSize(1000)
                                     .build();
    }

    /** Statement, idle-in-transaction and connection timeouts on every pooled connection; see the class. */
    @Bean
    static DatabaseSessionLimits databaseSessionLimits(Environment environment) {
        return new DatabaseSessionLimits(environment);
    }

    /**
     * The event store every processor and tail reads through. It polls PostgreSQL for events appended by other
     * processes every {@code stagedoor.events.fetch-delay} ({@link EventStoreProperties}).
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                         EventStoreProperties properties) {
        return EmbeddedEventStore.builder()
                                 .storageEngine(storageEngine)
                                 .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                                 .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                                 .fetchDelay(properties.fetchDelay().toMillis())
                                 .build();
    }

    /** Two nodes appending the same sequence number is a conflict to retry, not a failure. */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder().eventTable(EVENT_TABLE).snapshotTable(SNAPSHOT_TABLE).build();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder().setTokenTable(TOKEN_TABLE).build();
    }

    @Bean
    public DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder().deadLetterTable(DEAD_LETTER_TABLE).build();
    }

    /**
     * The Jackson 2 mapper behind every Axon serializer (events, messages, snapshots, tokens). Boot 4's own
     * web layer uses Jackson 3; Axon 4.13 needs Jackson 2. Modules contributed as beans (for instance a mix-in
     * for an aggregate's snapshot) are added.
     */
    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper(ObjectProvider<Module> modules) {
        return eventObjectMapper().registerModules(modules.orderedStream().toList());
    }

    /** How events, and everything else Axon stores, are written as JSON: ISO-8601 times, ids as strings. */
    public static ObjectMapper eventObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new KernelJacksonModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
