package io.stagedoor.platform.identity;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The credentials of SPEC §7 as every node checks them: services' API keys, and participant tokens verified with the
 * public half of the command side's signing key. Where the command side runs in this process it provides the
 * {@link TokenVerifier} (its own key); elsewhere the key is configured ({@link IdentityProperties.Tokens}). Tokens
 * are checked only where HTTP is served.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IdentityProperties.class, RateLimitProperties.class})
public class IdentityConfiguration {

    @Bean
    ApiKeys apiKeys(IdentityProperties properties) {
        return ApiKeys.parse(properties.apiKeys());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    TokenVerifier tokenVerifier(IdentityProperties properties) {
        return TokenVerifier.configured(properties.tokens(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    Callers callers(ApiKeys apiKeys, TokenVerifier tokens) {
        return new Callers(apiKeys, tokens, Clock.systemUTC());
    }
}
