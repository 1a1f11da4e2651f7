package io.stagedoor.query;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.stagedoor.platform.identity.TokenVerifier;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A query node on its own verifies participant tokens with the command side's JWKS, fetched when a token first needs
 * it: it starts before the command side, tells a participant to retry while the keys cannot be fetched, and accepts
 * the token once they can. Without a key to verify with it does not start at all.
 */
class QueryNodeTokensTest {

    private static final String KEY = "query-node-key-0123456789";

    @Test
    void withoutAKeyToVerifyWithAQueryNodeRefusesToStart() {
        assertThatThrownBy(() -> TestApplication.start(QuerySideApplication.class, WebApplicationType.SERVLET,
                TestDatabase.fresh(), "server.port=0", "stagedoor.api-keys=ops:" + KEY).close())
                .rootCause().hasMessageContaining("set stagedoor.tokens.jwks-uri (STAGEDOOR_TOKENS_JWKS_URI)");
    }

    @Test
    void tokensAreVerifiedWithTheCommandSidesKeysOnceTheyCanBeFetched() throws Exception {
        RSAKey signingKey = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        int commandSidePort;
        try (ServerSocket reserved = new ServerSocket(0)) {
            commandSidePort = reserved.getLocalPort();
        }
        try (ConfigurableApplicationContext node = TestApplication.start(QuerySideApplication.class,
                WebApplicationType.SERVLET, TestDatabase.fresh(), "server.port=0", "stagedoor.api-keys=ops:" + KEY,
                "stagedoor.tokens.jwks-uri=http://127.0.0.1:" + commandSidePort + "/.well-known/jwks.json")) {
            Api api = new Api(((WebServerApplicationContext) node).getWebServer().getPort(), null);
            String token = sign(signingKey, "m-1", "ada");

            Api.Answer beforeTheCommandSide = api.as(token).get("/v1/meetings/m-1/stage");
            assertThat(beforeTheCommandSide.status()).isEqualTo(503);
            assertThat(beforeTheCommandSide.code()).isEqualTo(2015);
            assertThat(beforeTheCommandSide.header("Retry-After")).isNotBlank();

            HttpServer commandSide = HttpServer.create(new InetSocketAddress("127.0.0.1", commandSidePort), 0);
            byte[] jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            commandSide.createContext("/.well-known/jwks.json", exchange -> {
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            commandSide.start();
            try {
                assertThat(api.as(token).get("/v1/meetings/m-1/stage").code())
                        .as("verified: the meeting the token names does not exist").isEqualTo(2007);
                assertThat(api.as(token.substring(0, token.length() - 4) + "AAAA").get("/v1/meetings/m-1/stage").code())
                        .as("tampered").isEqualTo(2012);
                assertThat(api.as(token).get("/v1/admin/projections").code()).isEqualTo(2013);
                assertThat(api.as(KEY).get("/v1/admin/projections").status()).isEqualTo(200);
                assertThat(api.get("/.well-known/jwks.json").status()).as("a query node has no key to publish")
                                                                   .isEqualTo(404);
            } finally {
                commandSide.stop(0);
            }
        }
    }

    private static String sign(RSAKey key, String meeting, String user) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(TokenVerifier.ISSUER).subject(user)
                                          .claim(TokenVerifier.MEETING_CLAIM, meeting).claim(TokenVerifier.VERSION_CLAIM, 3)
                                          .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
