package io.stagedoor.platform.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

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

    /** The clock skew the token decoder allows past a token's expiry. */
    private static final Duration SKEW = Duration.ofSeconds(5);

    private record Verified(Caller caller, Instant expiresAt) {
    }

    private final ApiKeys apiKeys;
    private final ParticipantTokens tokens;
    private final Clock clock;
    private final Cache<String, Verified> verified;

    public Callers(ApiKeys apiKeys, ParticipantTokens tokens, Clock clock, Duration tokenLifetime) {
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(tokenLifetime.plus(SKEW)).build();
    }

    /** The caller, or empty if the credential is no configured key and no valid, unexpired participant token. */
    public Optional<Caller> of(String bearer) {
        Optional<String> service = apiKeys.serviceFor(bearer);
        if (service.isPresent()) {
            return Optional.of(new Caller.Service(service.get()));
        }
        Verified known = verified.getIfPresent(bearer);
        if (known == null) {
            try {
                Jwt jwt = tokens.decoder().decode(bearer);
                known = new Verified(tokens.participantOf(jwt), jwt.getExpiresAt());
            } catch (JwtException | IllegalArgumentException invalid) {
                return Optional.empty();
            }
            verified.put(bearer, known);
        }
        if (known.expiresAt() != null && clock.instant().isAfter(known.expiresAt().plus(SKEW))) {
            verified.invalidate(bearer);
            return Optional.empty();
        }
        return Optional.of(known.caller());
    }
}
