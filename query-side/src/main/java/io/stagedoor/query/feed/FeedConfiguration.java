package io.stagedoor.query.feed;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The change feed: its writer (a processor of one segment, tuned in {@code stagedoor-defaults.properties}), its
 * reader, its live streams. A failure while writing the feed is never logged and skipped (Axon's default for event
 * handlers): the batch rolls back and is retried, so the feed holds every event.
 */
@Configuration(proxyBeanMethods = false)
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
    Feed feed(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new Feed(jdbc, transactions);
    }

    @Bean
    FeedStreams feedStreams(Feed feed, JsonMapper json, IntegrationSignal signal,
                            @Value("${stagedoor.feed.max-streams:100}") int maxStreams,
                            @Value("${stagedoor.feed.heartbeat:15s}") Duration heartbeat) {
        return new FeedStreams(feed, json, signal, maxStreams, heartbeat);
    }
}
