package io.stagedoor.command.identity;

import io.stagedoor.platform.identity.TokenVerifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The command side owns the token signing key: it issues participant tokens, publishes the public half
 * ({@link JwksController}) and, in its own process, verifies tokens with that key directly — so a node serving
 * both sides (the standalone) needs no JWKS and makes no HTTP call to itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenSigningProperties.class)
class TokenSigningConfiguration {

    @Bean
    TokenKeys tokenKeys(TokenSigningProperties properties) {
        return TokenKeys.load(properties.keyFile());
    }

    @Bean
    ParticipantTokens participantTokens(TokenKeys keys, TokenSigningProperties properties) {
        return new ParticipantTokens(keys, properties.lifetime(), Clock.systemUTC());
    }

    @Bean
    TokenVerifier tokenVerifier(TokenKeys keys) {
        return TokenVerifier.withPublicKey(keys.publicKey(), Clock.systemUTC());
    }
}
