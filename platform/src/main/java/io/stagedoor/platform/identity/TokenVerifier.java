package io.stagedoor.platform.identity;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Verifies participant tokens (SPEC §7) with the public half of the command side's signing key: taken directly from
 * the key where the command side runs in the same process, else from the command side's JWKS (fetched on first use,
 * cached, refetched when a token names a key not seen yet — a rotated key) or from a PEM public key file. Verifying
 * needs no secret; signing is the command side's alone.
 * <p>
 * What a participant token says: {@code iss} {@value #ISSUER}, {@code sub} the user, {@value #MEETING_CLAIM} the
 * meeting, {@value #VERSION_CLAIM} the meeting's version at which the participant was confirmed (reads wait for the
 * read model to reach it), {@code exp}.
 */
public final class TokenVerifier {

    public static final String ISSUER = "stagedoor";
    public static final String MEETING_CLAIM = "meeting";
    public static final String VERSION_CLAIM = "version";

    /** How far past a token's expiry it is still accepted, for clocks that disagree a little. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    /** How long fetching the JWKS may take to connect, and to answer. */
    private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(2);

    static final String NOT_CONFIGURED = "This node serves the query side without the command side, so it verifies "
            + "participant tokens with the command side's public key: set stagedoor.tokens.jwks-uri "
            + "(STAGEDOOR_TOKENS_JWKS_URI) to the command side's JWKS, e.g. http://command-side:8081/.well-known/jwks.json, "
            + "or stagedoor.tokens.public-key-file (STAGEDOOR_TOKENS_PUBLIC_KEY_FILE) to its public key in PEM.";

    /** A verified token: whom it names, until when. */
    public record Verified(Caller.Participant participant, Instant expiresAt) {
    }

    /** The keys to verify with could not be fetched (the command side's JWKS is unreachable): retry later. */
    public static final class KeysUnavailable extends RuntimeException {
        KeysUnavailable(Throwable cause) {
            super("the keys that verify participant tokens cannot be fetched right now", cause);
        }
    }

    private final JwtDecoder decoder;

    private TokenVerifier(NimbusJwtDecoder decoder, Clock clock) {
        JwtTimestampValidator expiry = new JwtTimestampValidator(CLOCK_SKEW);
        expiry.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(expiry, new JwtIssuerValidator(ISSUER)));
        this.decoder = decoder;
    }

    /** Verifies with this key: where the command side, which holds the key pair, runs in the same process. */
    public static TokenVerifier withPublicKey(RSAPublicKey key, Clock clock) {
        return new TokenVerifier(NimbusJwtDecoder.withPublicKey(key).build(), clock);
    }

    /** Verifies with the key set published at this address, fetched when a token first needs it. */
    static TokenVerifier withJwkSetUri(URI jwkSetUri, Clock clock) {
        JWKSource<SecurityContext> keys;
        try {
            // Nimbus's 500 ms timeouts refused the first tokens while a busy command side took longer to answer.
            // Cached 5 minutes and refreshed ahead of expiry; a key id not in the cache refetches (at most twice in
            // 30 s, so forged key ids cannot flood the command side); the last set outlives an outage of the source.
            DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) JWKS_TIMEOUT.toMillis(),
                    (int) JWKS_TIMEOUT.toMillis(), JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
            keys = JWKSourceBuilder.create(jwkSetUri.toURL(), retriever).retrying(true).outageTolerant(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("stagedoor.tokens.jwks-uri is not a URL: " + jwkSetUri, e);
        }
        return new TokenVerifier(NimbusJwtDecoder.withJwkSource(keys).build(), clock);
    }

    /** Verifies with the RSA public key in this PEM file ({@code -----BEGIN PUBLIC KEY-----}). */
    static TokenVerifier withPublicKeyFile(Path file, Clock clock) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII)
                              .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                              .replaceAll("\\s", "");
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                                                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
            return withPublicKey(key, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token verification key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("the token verification key " + file + " is not an RSA public key in PEM "
                    + "(-----BEGIN PUBLIC KEY-----)", e);
        }
    }

    /**
     * The verifier a node without the signing key is configured with.
     *
     * @throws IllegalStateException saying what to configure, if neither or both ways are
     */
    static TokenVerifier configured(IdentityProperties.Tokens tokens, Clock clock) {
        if (tokens.jwksUri() != null && tokens.publicKeyFile() != null) {
            throw new IllegalStateException("Both stagedoor.tokens.jwks-uri and stagedoor.tokens.public-key-file are "
                    + "set: participant tokens are verified with one of them, so set only one.");
        }
        if (tokens.jwksUri() != null) {
            return withJwkSetUri(tokens.jwksUri(), clock);
        }
        if (tokens.publicKeyFile() != null) {
            return withPublicKeyFile(tokens.publicKeyFile(), clock);
        }
        throw new IllegalStateException(NOT_CONFIGURED);
    }

    /**
     * @throws BadJwtException  if the token is not a valid, unexpired participant token signed with the key
     * @throws KeysUnavailable if the keys to verify it with cannot be fetched now
     */
    public Verified verify(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (BadJwtException invalid) {
            throw invalid;
        } catch (JwtException keysNotFetched) {
            throw new KeysUnavailable(keysNotFetched);
        }
        if (jwt.getExpiresAt() == null) {
            throw new BadJwtException("a participant token must expire");
        }
        try {
            Number version = jwt.getClaim(VERSION_CLAIM);
            Caller.Participant participant = new Caller.Participant(MeetingId.of(jwt.getClaimAsString(MEETING_CLAIM)),
                    UserId.of(jwt.getSubject()), version == null ? 0 : version.longValue());
            return new Verified(participant, jwt.getExpiresAt());
        } catch (IllegalArgumentException | ClassCastException malformed) {
            throw new BadJwtException("the token's claims do not name a meeting and a participant", malformed);
        }
    }
}
