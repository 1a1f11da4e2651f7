package io.stagedoor.platform.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.jwt.BadJwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who a bearer credential names: a service by its API key, or a participant by a verified token. A token's signature
 * is verified once and the result kept (keyed by the token itself, until it expires): the verification is the most
 * costly step of authenticating a request, and the rate limit needs the caller before the security chain runs.
 */
public final class Callers {

    private final ApiKeys apiKeys;
    private final TokenVerifier tokens;
    private final Clock clock;
    private final Cache<String, TokenVerifier.Verified> verified;

    public Callers(ApiKeys apiKeys, TokenVerifier tokens, Clock clock) {
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(200_000)
                                .expireAfter(Expiry.creating((String token, TokenVerifier.Verified known) ->
                                        Duration.between(clock.instant(), acceptedUntil(known))))
                                .build();
    }

    /**
     * The caller, or empty if the credential is no configured key and no valid, unexpired participant token.
     *
     * @throws TokenVerifier.KeysUnavailable if the token cannot be verified now: the keys cannot be fetched
     */
    public Optional<Caller> of(String bearer) {
        TokenVerifier.Verified known = verified.getIfPresent(bearer);
        if (known == null) {
            Optional<String> service = apiKeys.serviceFor(bearer);
            if (service.isPresent()) {
                return Optional.of(new Caller.Service(service.get()));
            }
            try {
                known = tokens.verify(bearer);
            } catch (BadJwtException | IllegalArgumentException invalid) {
                return Optional.empty();
            }
            verified.put(bearer, known);
        }
        if (clock.instant().isAfter(acceptedUntil(known))) {
            verified.invalidate(bearer);
            return Optional.empty();
        }
        return Optional.of(known.participant());
    }

    private static Instant acceptedUntil(TokenVerifier.Verified token) {
        return token.expiresAt().plus(TokenVerifier.CLOCK_SKEW);
    }
}
