package io.stagedoor.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;

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
        TestServer gone = new TestServer(request -> TestServer.Reply.ok("{}"));
        gone.close();

        try (Http http = new Http(gone.port(), null)) {
            assertThatThrownBy(() -> http.get("/actuator/health/readiness")).isInstanceOf(IllegalStateException.class)
                                                                           .hasMessageContaining("/actuator/health/readiness");
        }
    }
}
