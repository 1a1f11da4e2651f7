package io.stagedoor.platform.identity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;

/** The credentials of SPEC §7: services' API keys and the key that signs participant tokens. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IdentityProperties.class, RateLimitProperties.class})
public class IdentityConfiguration {

    @Bean
    ApiKeys apiKeys(IdentityProperties properties) {
        return ApiKeys.parse(properties.apiKeys());
    }

    @Bean
    TokenKeys tokenKeys(IdentityProperties properties) {
        return TokenKeys.load(properties.tokens().keyFile());
    }

    @Bean
    ParticipantTokens participantTokens(TokenKeys keys, IdentityProperties properties) {
        return new ParticipantTokens(keys, properties.tokens().lifetime(), Clock.systemUTC());
    }

    @Bean
    Callers callers(ApiKeys apiKeys, ParticipantTokens tokens, IdentityProperties properties) {
        return new Callers(apiKeys, tokens, Clock.systemUTC(), properties.tokens().lifetime());
    }

    @Bean
    JwtDecoder participantTokenDecoder(ParticipantTokens tokens) {
        return tokens.decoder();
    }
}
