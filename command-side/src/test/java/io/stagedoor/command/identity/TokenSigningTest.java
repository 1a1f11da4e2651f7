package io.stagedoor.command.identity;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.identity.Caller;
import io.stagedoor.platform.identity.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenSigningTest {

    @Test
    void nodesStartingTogetherOnASharedKeyFileAllSignWithTheSameKey(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("keys/token-signing-key.pem");
        ExecutorService nodes = Executors.newFixedThreadPool(8);
        List<Callable<String>> starts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            starts.add(() -> TokenKeys.load(file).publicJwks().toString());
        }
        List<String> published = new ArrayList<>();
        for (Future<String> jwks : nodes.invokeAll(starts)) {
            published.add(jwks.get());
        }
        nodes.shutdown();
        assertThat(published).containsOnly(published.get(0));
        assertThat(TokenKeys.load(file).publicJwks().toString()).isEqualTo(published.get(0));
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void tokensNameMeetingUserAndConfirmedVersionAndExpire() {
        TokenKeys keys = TokenKeys.load(null);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        ParticipantTokens issuing = new ParticipantTokens(keys, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
        String token = issuing.issue(MeetingId.of("m-1"), UserId.of("ada"), 12).token();
        assertThat(TokenVerifier.withPublicKey(keys.publicKey(), Clock.fixed(now, ZoneOffset.UTC)).verify(token).participant())
                .isEqualTo(new Caller.Participant(MeetingId.of("m-1"), UserId.of("ada"), 12));

        TokenVerifier later = TokenVerifier.withPublicKey(keys.publicKey(),
                Clock.fixed(now.plus(Duration.ofMinutes(61)), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify(token)).isInstanceOf(JwtException.class);
        TokenVerifier otherKey = TokenVerifier.withPublicKey(TokenKeys.load(null).publicKey(), Clock.fixed(now, ZoneOffset.UTC));
        assertThatThrownBy(() -> otherKey.verify(token)).isInstanceOf(JwtException.class);
    }
}
