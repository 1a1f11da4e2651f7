package io.stagedoor.load;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestsTest {

    @Test
    void aCommandCarriesTheKeyItsHeadersAndItsBodyMeasuredInBytes() {
        byte[] request = new Requests(18080, "k-1").encode("POST", "/v1/meetings/m-1/participants",
                "{\"userId\": \"zoë\"}", "X-Acting-User", "host");

        assertThat(new String(request, StandardCharsets.UTF_8)).isEqualTo("POST /v1/meetings/m-1/participants HTTP/1.1\r\n"
                + "Host: localhost:18080\r\nAuthorization: Bearer k-1\r\nX-Acting-User: host\r\n"
                + "Content-Type: application/json\r\nContent-Length: 18\r\n\r\n{\"userId\": \"zoë\"}");
    }

    @Test
    void aCommandWithoutBodySaysItHasNone() {
        byte[] request = new Requests(18080, "k-1").encode("POST", "/v1/meetings/m-1/participants/v0/stage/join", null);

        assertThat(new String(request, StandardCharsets.US_ASCII)).endsWith("Content-Length: 0\r\n\r\n");
    }

    @Test
    void anAnonymousReadHasNeitherKeyNorLength() {
        byte[] request = new Requests(18080, null).encode("GET", "/.well-known/jwks.json", null);

        assertThat(new String(request, StandardCharsets.US_ASCII))
                .isEqualTo("GET /.well-known/jwks.json HTTP/1.1\r\nHost: localhost:18080\r\n\r\n");
    }
}
