package io.stagedoor.load;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerTest {

    @Test
    void theVersionIsTheFirstOneInTheBody() {
        assertThat(answer("{\"meetingId\":\"m-1\",\"version\":4711,\"outcomes\":[{\"version\":1}]}").version()).isEqualTo(4711);
        assertThat(answer("{\"version\": 0}").version()).isZero();
    }

    @Test
    void anAnswerWithoutAVersionHasNone() {
        assertThat(answer("{\"type\":\"about:blank\",\"status\":409}").version()).isEqualTo(-1);
        assertThat(answer("{\"version\":null}").version()).isEqualTo(-1);
        assertThat(answer("").version()).isEqualTo(-1);
    }

    @Test
    void theBodyIsParsedAsJsonOnlyWhenAsked() {
        Answer answer = answer("{\"requests\":[{\"userId\":\"h1\"}]}");

        assertThat(answer.json().path("requests").get(0).path("userId").asText()).isEqualTo("h1");
        assertThat(answer("# HELP jvm_memory_used_bytes").json().asText()).isEqualTo("# HELP jvm_memory_used_bytes");
    }

    private static Answer answer(String body) {
        return new Answer(200, body.getBytes(StandardCharsets.UTF_8), false);
    }
}
