package io.stagedoor.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpTest {

    @Test
    void callsShareAKeptAliveConnection() throws IOException {
        try (TestServer server = new TestServer(request -> TestServer.Reply.ok("{\"version\":" + request.body().length() + "}"));
             Http http = new Http(server.port(), "k")) {
            assertThat(http.post("/v1/meetings", "{\"meetingId\":\"m\"}").version()).isEqualTo(17);
            assertThat(http.get("/v1/meetings/m/stage").status()).isEqualTo(200);

            assertThat(server.connections).hasValue(1);
        }
    }

    @Test
    void aCallThatMetAConnectionTheServerHadClosedIsSentAgainOnANewOne() throws IOException {
        try (TestServer dropping = new TestServer(request -> new TestServer.Reply(200, "{}", true, true, false, 0));
             Http http = new Http(dropping.port(), null)) {
            for (int i = 0; i < 5; i++) {
                assertThat(http.get("/actuator/health/liveness").ok()).isTrue();
            }

            assertThat(dropping.requests).hasValue(5);
            assertThat(dropping.connections).hasValue(5);
        }
    }

    @Test
    void aServerThatIsNotThereFailsTheCall() throws IOException {
        // a port held bound but never listening (as in LoadTest): refused, and no other socket can take it meanwhile
        try (Socket nobody = new Socket(); Http http = new Http(bind(nobody), null)) {
            assertThatThrownBy(() -> http.get("/actuator/health/readiness")).isInstanceOf(IllegalStateException.class)
                                                                           .hasMessageContaining("/actuator/health/readiness");
        }
    }

    private static int bind(Socket socket) throws IOException {
        socket.bind(new InetSocketAddress(0));
        return socket.getLocalPort();
    }
}
