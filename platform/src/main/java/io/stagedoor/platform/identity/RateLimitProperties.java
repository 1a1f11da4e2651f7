package io.stagedoor.platform.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request rates each caller may sustain (SPEC §6, 2014). A caller is one participant (its token) or one service (its
 * API key); each has a token bucket refilled at {@code perSecond} that holds at most {@code burst} requests.
 * A rate of 0 switches that limit off.
 *
 * @param participantPerSecond requests per second a participant token may sustain
 * @param participantBurst     requests a participant token may send at once
 * @param apiKeyPerSecond      requests per second an API key may sustain
 * @param apiKeyBurst          requests an API key may send at once
 */
@ConfigurationProperties("stagedoor.rate-limit")
public record RateLimitProperties(@DefaultValue("20") long participantPerSecond,
                                  @DefaultValue("40") long participantBurst,
                                  @DefaultValue("2000") long apiKeyPerSecond,
                                  @DefaultValue("4000") long apiKeyBurst) {

    public RateLimitProperties {
        if (participantPerSecond < 0 || apiKeyPerSecond < 0) {
            throw new IllegalArgumentException("stagedoor.rate-limit rates must be 0 (off) or positive");
        }
        if ((participantPerSecond > 0 && participantBurst < 1) || (apiKeyPerSecond > 0 && apiKeyBurst < 1)) {
            throw new IllegalArgumentException("stagedoor.rate-limit bursts must be at least 1");
        }
    }
}
