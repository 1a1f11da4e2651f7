package io.stagedoor.query.webhook;

import io.stagedoor.query.feed.IntegrationSignal;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/** Webhooks: endpoints, deliveries and this node's delivery worker ({@code stagedoor.webhooks.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    @Bean
    SecretBox webhookSecretBox(WebhookProperties properties) {
        return SecretBox.load(properties.secretKeyFile());
    }

    @Bean
    TargetPolicy webhookTargetPolicy(WebhookProperties properties) {
        return new TargetPolicy(properties.allowLoopback(), properties.allowPrivateNetworks());
    }

    @Bean
    WebhookSettings webhookSettings(TargetPolicy targets) {
        return new WebhookSettings(targets);
    }

    @Bean
    Endpoints webhookEndpoints(JdbcTemplate jdbc, PlatformTransactionManager transactions, SecretBox secrets) {
        return new Endpoints(jdbc, new TransactionTemplate(transactions), secrets, Clock.systemUTC());
    }

    @Bean
    Deliveries webhookDeliveries(JdbcTemplate jdbc, PlatformTransactionManager transactions, Endpoints endpoints,
                                 JsonMapper json) {
        return new Deliveries(jdbc, new TransactionTemplate(transactions), endpoints, json, Clock.systemUTC());
    }

    @Bean
    DeliveryWorker webhookDeliveryWorker(Deliveries deliveries, TargetPolicy targets, WebhookProperties properties,
                                         IntegrationSignal signal) {
        return new DeliveryWorker(deliveries, targets, properties, signal, Clock.systemUTC());
    }
}
