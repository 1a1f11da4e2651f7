package io.stagedoor.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stagedoor.query.admin.ProjectionOperations;
import io.stagedoor.query.live.LiveNotifications;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import io.stagedoor.platform.EventStoreProperties;
import io.stagedoor.platform.presence.PresenceRows;
import io.stagedoor.query.live.LiveProperties;
import io.stagedoor.query.projection.ProjectionRecovery;
import io.stagedoor.query.projection.ReadModelRebuild;
import io.stagedoor.query.projection.ReadModelVersions;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import io.stagedoor.query.projection.StageReadModelProjector;
import io.stagedoor.query.projection.WakingEventSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Duration;

/** The read side: its projection, read-your-writes and live notifications. Processor tuning is in {@code stagedoor-defaults.properties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LiveProperties.class, QueryProperties.class})
class QueryConfiguration {

    @Bean
    ReadModelVersions readModelVersions(JdbcTemplate jdbc, DataSource dataSource, QueryProperties properties) {
        return new ReadModelVersions(jdbc, dataSource, properties.minVersionWait());
    }

    @Bean
    LiveNotifications liveNotifications(EmbeddedEventStore eventStore, EventStorageEngine storage, JsonMapper json,
                                        LiveProperties properties, JdbcTemplate jdbc) {
        return new LiveNotifications(eventStore, storage, json, properties, new PresenceRows(jdbc));
    }

    @Bean
    ProjectionOperations projectionOperations(EventProcessingConfiguration processing, JdbcTemplate jdbc,
                                              @Qualifier("defaultAxonObjectMapper") ObjectMapper json,
                                              ReadModelRebuild rebuild) {
        return new ProjectionOperations(processing, jdbc, json, rebuild);
    }

    @Bean
    ReadModelRebuild readModelRebuild(DataSource dataSource, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                                      EventProcessingConfiguration processing, TokenStore tokens,
                                      org.axonframework.config.Configuration axon, ReadModelVersions versions) {
        return new ReadModelRebuild(dataSource, jdbc, new TransactionTemplate(transactions), processing, tokens, axon,
                versions);
    }

    /** How many events each projection is behind the head of the event store, for Prometheus. */
    @Bean
    MeterBinder projectionLag(ProjectionOperations operations) {
        return registry -> Gauge.builder("stagedoor.projection.lag", operations, o -> {
                                    Long lag = o.projection(StageReadModelProjector.NAME).lag();
                                    return lag == null ? Double.NaN : lag;
                                })
                                .tag("projection", StageReadModelProjector.NAME)
                                .baseUnit("events")
                                .description("events the projection is behind the head of the event store")
                                .register(registry);
    }

    /** The projection's event source (see the class; named in stagedoor-defaults.properties). */
    @Bean
    WakingEventSource readModelEventSource(EmbeddedEventStore eventStore, EventStoreProperties events) {
        return new WakingEventSource(eventStore, events.fetchDelay());
    }

    @Bean
    ProjectionRecovery projectionRecovery(EventProcessingConfiguration processing, JdbcTemplate jdbc, TokenStore tokens) {
        return new ProjectionRecovery(processing, jdbc, tokens, Duration.ofSeconds(1));
    }

    @Bean
    StageReadModelProjector stageReadModelProjector(JdbcTemplate jdbc, ReadModelVersions versions) {
        return new StageReadModelProjector(jdbc, versions);
    }
}
