package io.stagedoor.standalone;

import io.stagedoor.testsupport.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each participant and each API key has its own rate; over it, 2014 with Retry-After, and nobody else is refused. */
class RateLimitTest {

    private static final String FLOOD_KEY = "flood-key-0123456789abcdef";
    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new StandaloneServer("stagedoor.api-keys=backend:" + StandaloneServer.KEY + ",flood:" + FLOOD_KEY,
                "stagedoor.rate-limit.participant-per-second=1", "stagedoor.rate-limit.participant-burst=3",
                "stagedoor.rate-limit.api-key-per-second=5", "stagedoor.rate-limit.api-key-burst=10");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aParticipantOverItsRateIsRefusedAloneAndAdmittedAgainAfterRetryAfter() throws Exception {
        server.service.post("/v1/meetings", "{\"meetingId\": \"limits\"}");
        Api ada = server.service.as(server.add("limits", "ada", "webinar_viewer"));
        Api bob = server.service.as(server.add("limits", "bob", "webinar_viewer"));

        List<Api.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(ada.get("/v1/meetings/limits/participants/ada?minVersion=2"));
        }
        assertThat(answers).extracting(Api.Answer::status).startsWith(200, 200, 200).contains(429);
        Api.Answer refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("code").asInt()).isEqualTo(2014);
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3L);

        assertThat(bob.get("/v1/meetings/limits/participants/bob").status()).as("another participant").isEqualTo(200);
        assertThat(ada.post("/v1/meetings/limits/participants/ada/stage/request", null).status())
                .as("commands count too").isEqualTo(429);

        TimeUnit.SECONDS.sleep(retryAfter);
        assertThat(ada.post("/v1/meetings/limits/participants/ada/stage/request", null).status()).isEqualTo(200);
    }

    @Test
    void anApiKeyOverItsRateDoesNotSlowAnotherKey() {
        Api flood = server.service.as(FLOOD_KEY);
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            Api.Answer answer = flood.get("/v1/meetings/unknown/stage");
            if (answer.status() == 429) {
                refused++;
                assertThat(answer.body().path("code").asInt()).isEqualTo(2014);
                assertThat(answer.header("Retry-After")).isNotNull();
            } else {
                assertThat(answer.body().path("code").asInt()).as("meeting not found").isEqualTo(2007);
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(20);
        assertThat(server.service.get("/v1/meetings/unknown/stage").body().path("code").asInt()).as("the other key")
                .isEqualTo(2007);
        assertThat(server.service.as(null).get("/actuator/health").status()).as("health is never limited").isEqualTo(200);
    }
}
