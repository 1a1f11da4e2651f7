package io.stagedoor.standalone;

import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone on a random port with a fresh database and a known service key, for HTTP-level tests. */
final class StandaloneServer implements AutoCloseable {

    static final String KEY = "standalone-test-key-0123456789";

    final ConfigurableApplicationContext context;
    final int port;
    final Api service;

    StandaloneServer(String... properties) throws Exception {
        Path home = Files.createTempDirectory("stagedoor-home");
        String[] all = new String[properties.length + 3];
        all[0] = "server.port=0";
        all[1] = "stagedoor.api-keys=backend:" + KEY;
        all[2] = "stagedoor.home=" + home;
        System.arraycopy(properties, 0, all, 3, properties.length);
        context = TestApplication.start(StagedoorStandalone.class, WebApplicationType.SERVLET, TestDatabase.fresh(), all);
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
        service = new Api(port, KEY);
    }

    /** Adds a participant; returns its token. */
    String add(String meeting, String userId, String preset) {
        Api.Answer added = service.post("/v1/meetings/" + meeting + "/participants",
                "{\"userId\": \"" + userId + "\", \"name\": \"" + userId + "\", \"preset\": \"" + preset + "\"}");
        assertThat(added.status()).as(added.body().toString()).isEqualTo(200);
        return added.body().path("token").asText();
    }

    @Override
    public void close() {
        context.close();
    }
}
