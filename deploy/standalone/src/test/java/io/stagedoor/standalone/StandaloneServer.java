package io.stagedoor.standalone;

import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone on a random port with a fresh database and a known service key, for HTTP-level tests. Every answer
 * its client gets is held to the API description ({@link DescribedAnswers}).
 */
final class StandaloneServer implements AutoCloseable {

    static final String KEY = "standalone-test-key-0123456789";

    final ConfigurableApplicationContext context;
    final int port;
    final Api service;

    StandaloneServer(String... properties) throws Exception {
        this(TestDatabase.fresh(), properties);
    }

    StandaloneServer(TestDatabase.Credentials database, String... properties) throws Exception {
        Path home = Files.createTempDirectory("stagedoor-home");
        List<String> all = new ArrayList<>(List.of("server.port=0", "stagedoor.home=" + home));
        if (Arrays.stream(properties).noneMatch(property -> property.startsWith("stagedoor.api-keys="))) {
            all.add("stagedoor.api-keys=backend:" + KEY);
        }
        all.addAll(List.of(properties));
        context = TestApplication.start(StagedoorStandalone.class, WebApplicationType.SERVLET, database,
                all.toArray(String[]::new));
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
        service = new Api(port, KEY).checking(DescribedAnswers::check);
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
