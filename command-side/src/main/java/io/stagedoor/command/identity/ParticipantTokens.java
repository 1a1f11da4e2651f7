package io.stagedoor.command.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.identity.TokenVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

/**
 * Issues participant tokens (SPEC §7): a JWT signed with the command side's key, naming the meeting and the user,
 * the meeting's version at which the participant was confirmed, and an expiry — the claims {@link TokenVerifier}
 * reads on every node. Permissions are never in the token: they are read from the meeting's current state.
 */
public final class ParticipantTokens {

    private final Duration lifetime;
    private final Clock clock;
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
    }

    /**
     * A signed token for this participant of this meeting, valid for the configured lifetime.
     *
     * @param confirmedVersion the meeting's version at which the participant is known to be in it: a read with the
     *                         token waits until the read model has reached it, so a fresh token works at once
     */
    public IssuedToken issue(MeetingId meetingId, UserId userId, long confirmedVersion) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(TokenVerifier.ISSUER)
                .subject(userId.value())
                .claim(TokenVerifier.MEETING_CLAIM, meetingId.value())
                .claim(TokenVerifier.VERSION_CLAIM, confirmedVersion)
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

    public record IssuedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[token=(redacted), expiresAt=" + expiresAt + "]";
        }
    }
}
