package io.stagedoor.query.feed;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;

/**
 * The change feed: its writer (a processor of one segment, tuned in {@code stagedoor-defaults.properties}), its
 * reader, its live streams. A failure while writing the feed is never logged and skipped (Axon's default for event
 * handlers): the batch rolls back and is retried, so the feed holds every event.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FeedProperties.class)
class FeedConfiguration {

    @Bean
    IntegrationSignal integrationSignal(DataSource dataSource) {
        return new IntegrationSignal(dataSource);
    }

    @Bean
    FeedProjector feedProjector(JdbcTemplate jdbc, IntegrationSignal signal) {
        return new FeedProjector(jdbc, signal);
    }

    @Bean
    ConfigurerModule feedFailuresAreRetried() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(FeedProjector.NAME,
                configuration -> PropagatingErrorHandler.instance());
    }

    @Bean
    EventCatalogueDescription eventCatalogueDescription() {
        return new EventCatalogueDescription();
    }

    @Bean
    Feed feed(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new Feed(jdbc, transactions);
    }

    @Bean
    FeedStreams feedStreams(Feed feed, JsonMapper json, IntegrationSignal signal, FeedProperties properties) {
        return new FeedStreams(feed, json, signal, properties.maxStreams(), properties.heartbeat());
    }
}
