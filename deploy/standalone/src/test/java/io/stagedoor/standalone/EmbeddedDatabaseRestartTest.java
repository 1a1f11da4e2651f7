package io.stagedoor.standalone;

import io.stagedoor.testsupport.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone as the README starts it: no database configured, so it runs its own PostgreSQL with data under its
 * home directory, and a development key beside it. A restart finds every meeting again.
 */
class EmbeddedDatabaseRestartTest {

    @Test
    void aMeetingCreatedBeforeARestartIsStillThereAfterIt(@TempDir Path home) throws Exception {
        try (ConfigurableApplicationContext first = start(home)) {
            Api api = api(first, home);
            assertThat(api.as(null).get("/actuator/health").status()).isEqualTo(200);
            assertThat(api.post("/v1/meetings", "{\"meetingId\": \"kept\", \"title\": \"Kept\"}").status()).isEqualTo(201);
            assertThat(api.get("/v1/meetings/kept/stage?minVersion=0").body().path("title").asText()).isEqualTo("Kept");
        }
        assertThat(home.resolve("postgres/PG_VERSION")).exists();
        try (ConfigurableApplicationContext second = start(home)) {
            Api api = api(second, home);
            assertThat(api.get("/v1/meetings/kept/stage").body().path("title").asText()).isEqualTo("Kept");
            assertThat(api.post("/v1/meetings", "{\"meetingId\": \"kept\"}").status()).as("it exists").isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(Path home) {
        return new SpringApplicationBuilder(StagedoorStandalone.class)
                .run("--server.port=0", "--stagedoor.home=" + home, "--spring.main.banner-mode=off");
    }

    private static Api api(ConfigurableApplicationContext context, Path home) throws Exception {
        String key = Files.readString(home.resolve("dev-api-key")).trim();
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort(), key);
    }
}
