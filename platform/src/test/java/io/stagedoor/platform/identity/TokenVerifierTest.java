package io.stagedoor.platform.identity;

import com.sun.net.httpserver.HttpServer;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.IdentityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.BadJwtException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nodes without the signing key verify participant tokens with its public half: from the JWKS, or from a file. */
class TokenVerifierTest {

    private final Instant inAnHour = Instant.now().plus(Duration.ofHours(1));

    @Test
    void theJwksIsFetchedOnFirstUseKeptAndFetchedAgainForARotatedKey() throws IOException {
        TestSigner first = new TestSigner();
        TestSigner rotated = new TestSigner();
        AtomicReference<String> published = new AtomicReference<>(first.jwks());
        AtomicInteger fetches = new AtomicInteger();
        HttpServer commandSide = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        commandSide.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        commandSide.start();
        try {
            TokenVerifier verifier = TokenVerifier.withJwkSetUri(URI.create("http://127.0.0.1:"
                    + commandSide.getAddress().getPort() + "/.well-known/jwks.json"), Clock.systemUTC());
            assertThat(fetches).as("nothing fetched before a token needs it").hasValue(0);

            assertThat(verifier.verify(first.sign("m-1", "ada", 4L, inAnHour)).participant())
                    .isEqualTo(new Caller.Participant(MeetingId.of("m-1"), UserId.of("ada"), 4));
            verifier.verify(first.sign("m-1", "bob", 5L, inAnHour));
            assertThat(fetches).as("fetched once, then cached").hasValue(1);
            String tampered = first.sign("m-1", "ada", 4L, inAnHour);
            assertThatThrownBy(() -> verifier.verify(tampered.substring(0, tampered.length() - 4) + "AAAA"))
                    .isInstanceOf(BadJwtException.class);

            published.set(rotated.jwks());
            assertThat(verifier.verify(rotated.sign("m-1", "cy", 6L, inAnHour)).participant().userId())
                    .isEqualTo(UserId.of("cy"));
            assertThat(fetches).as("a token naming an unknown key fetched the rotated set").hasValue(2);
        } finally {
            commandSide.stop(0);
        }
    }

    @Test
    void anUnreachableJwksMeansRetryLaterNotAnInvalidToken() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TokenVerifier verifier = TokenVerifier.withJwkSetUri(
                URI.create("http://127.0.0.1:" + closedPort + "/.well-known/jwks.json"), Clock.systemUTC());
        assertThatThrownBy(() -> verifier.verify(new TestSigner().sign("m-1", "ada", 1L, inAnHour)))
                .isInstanceOf(TokenVerifier.KeysUnavailable.class);
        assertThatThrownBy(() -> verifier.verify("not.a.token")).as("malformed needs no key")
                .isInstanceOf(BadJwtException.class);
    }

    @Test
    void aPublicKeyFileVerifiesTheKeysTokensOnly(@TempDir Path directory) throws IOException {
        TestSigner signer = new TestSigner();
        Path file = Files.writeString(directory.resolve("token-public-key.pem"), signer.publicKeyPem());
        TokenVerifier verifier = TokenVerifier.withPublicKeyFile(file, Clock.systemUTC());

        assertThat(verifier.verify(signer.sign("m-1", "ada", null, inAnHour)).participant())
                .as("a token without a version claim waits for nothing")
                .isEqualTo(new Caller.Participant(MeetingId.of("m-1"), UserId.of("ada"), 0));
        assertThatThrownBy(() -> verifier.verify(new TestSigner().sign("m-1", "ada", 1L, inAnHour)))
                .isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> verifier.verify(signer.sign("m-1", "ada", 1L, Instant.now().minusSeconds(60))))
                .as("expired").isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> verifier.verify(signer.sign("not a meeting id", "ada", 1L, inAnHour)))
                .isInstanceOf(BadJwtException.class);

        Path privateKey = Files.writeString(directory.resolve("private.pem"),
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TokenVerifier.withPublicKeyFile(privateKey, Clock.systemUTC()))
                .hasMessageContaining("is not an RSA public key in PEM");
    }

    @Test
    void aNodeWithoutTheCommandSideMustBeToldWhereTheKeyIs() {
        WebApplicationContextRunner web = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IdentityAutoConfiguration.class));

        web.run(context -> assertThat(context.getStartupFailure()).rootCause()
                                                                  .hasMessage(TokenVerifier.NOT_CONFIGURED));
        web.withPropertyValues("stagedoor.tokens.jwks-uri=http://127.0.0.1:1/.well-known/jwks.json")
           .run(context -> assertThat(context).as("starts before the command side: the keys are fetched lazily")
                                              .hasNotFailed().hasSingleBean(Callers.class));
        web.withPropertyValues("stagedoor.tokens.jwks-uri=http://127.0.0.1:1/.well-known/jwks.json",
                   "stagedoor.tokens.public-key-file=/keys/token-public-key.pem")
           .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("set only one"));
        TokenVerifier own = TokenVerifier.withPublicKey(new TestSigner().publicKey(), Clock.systemUTC());
        web.withBean(TokenVerifier.class, () -> own)
           .run(context -> assertThat(context).as("a command side in the process brings its own key")
                                              .hasNotFailed().getBean(TokenVerifier.class).isSameAs(own));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdentityAutoConfiguration.class))
                                      .run(context -> assertThat(context).as("no HTTP, no tokens to verify")
                                                                         .hasNotFailed().doesNotHaveBean(Callers.class));
    }
}
