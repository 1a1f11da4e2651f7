package io.stagedoor.query.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Webhook delivery ({@code stagedoor.webhooks.*}; docs/operations.md).
 *
 * @param secretKeyFile          the AES key that encrypts endpoint secrets at rest (generated there if missing; every
 *                               query node needs the same); required
 * @param allowLoopback          accept targets on loopback addresses (the standalone does, for development)
 * @param allowPrivateNetworks   accept targets on private, link-local (cloud metadata) and unique-local addresses
 * @param retrySchedule          the pause after each failed attempt (the Standard Webhooks schedule); after the last,
 *                               the delivery is given up
 * @param retryJitter            each pause is lengthened at random by up to this fraction (never shortened)
 * @param connectTimeout         connecting to a target
 * @param requestTimeout         from sending to the response's status
 * @param disableAfter           an endpoint failing (no success) this long is disabled
 * @param rotationOverlap        how long the previous secret still signs after a rotation
 * @param maxInFlight            deliveries this node sends at once
 * @param maxInFlightPerEndpoint deliveries this node sends at once to one endpoint
 * @param pollInterval           how often a node looks for due retries when nothing signalled new work
 */
@ConfigurationProperties("stagedoor.webhooks")
public record WebhookProperties(Path secretKeyFile,
                                @DefaultValue("false") boolean allowLoopback,
                                @DefaultValue("false") boolean allowPrivateNetworks,
                                @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
                                @DefaultValue("0.2") double retryJitter,
                                @DefaultValue("5s") Duration connectTimeout,
                                @DefaultValue("10s") Duration requestTimeout,
                                @DefaultValue("5d") Duration disableAfter,
                                @DefaultValue("24h") Duration rotationOverlap,
                                @DefaultValue("256") int maxInFlight,
                                @DefaultValue("8") int maxInFlightPerEndpoint,
                                @DefaultValue("500ms") Duration pollInterval) {

    /** How long a node holds a delivery it is sending: another node takes it over only after that. */
    Duration lease() {
        return connectTimeout.plus(requestTimeout).plusSeconds(10);
    }
}
