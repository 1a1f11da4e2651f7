package io.stagedoor.platform.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

/**
 * Participant tokens (SPEC §7): a signed JWT naming the meeting ({@code meeting}) and the user ({@code sub}),
 * with an expiry. Permissions are never in the token: they are read from the meeting's current state.
 */
public final class ParticipantTokens {

    public static final String ISSUER = "stagedoor";
    static final String MEETING_CLAIM = "meeting";

    private final Duration lifetime;
    private final Clock clock;
    private final JwtDecoder decoder;
    private final JWSHeader header;
    private final RSASSASigner signer;

    public ParticipantTokens(TokenKeys keys, Duration lifetime, Clock clock) {
        this.header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.signingKey().getKeyID()).build();
        try {
            // Built once: converting the key for every token cost more than the signature itself.
            this.signer = new RSASSASigner(keys.signingKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("the token signing key cannot sign RS256", e);
        }
        this.lifetime = lifetime;
        this.clock = clock;
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(keys.publicKey()).build();
        JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ofSeconds(5));
        expiry.setClock(clock);
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(expiry, new JwtIssuerValidator(ISSUER)));
        this.decoder = nimbus;
    }

    /** A signed token for this participant of this meeting, valid for the configured lifetime. */
    public IssuedToken issue(MeetingId meetingId, UserId userId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId.value())
                .claim(MEETING_CLAIM, meetingId.value())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a participant token", e);
        }
        return new IssuedToken(jwt.serialize(), expiresAt);
    }

    public JwtDecoder decoder() {
        return decoder;
    }

    /** The participant a verified token names; its claims must be well-formed ids. */
    public Caller.Participant participantOf(Jwt jwt) {
        return new Caller.Participant(MeetingId.of(jwt.getClaimAsString(MEETING_CLAIM)), UserId.of(jwt.getSubject()));
    }

    public record IssuedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[token=(redacted), expiresAt=" + expiresAt + "]";
        }
    }
}
