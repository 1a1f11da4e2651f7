package io.stagedoor.command.http;

import io.stagedoor.testsupport.Api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of generated bad bodies, ids and headers against every command endpoint: never a 5xx, always
 * problem+json, never a stack trace or SQL in the answer.
 */
class MalformedInputFuzzTest extends ApiTest {

    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at io.", "at org.", "java.", "SQL",
            "SELECT ", "INSERT ", "postgres", "axonframework", "springframework");

    @Test
    void badInputNeverBreaksTheServer() {
        Cast cast = newCast();
        Random random = new Random(2026);
        List<String> bodies = bodies(random);
        List<String> ids = ids(random);
        List<String[]> endpoints = List.of(
                new String[]{"POST", "/v1/meetings"},
                new String[]{"PATCH", "/v1/meetings/{m}"},
                new String[]{"PUT", "/v1/presets/{id}"},
                new String[]{"POST", "/v1/meetings/{m}/participants"},
                new String[]{"POST", "/v1/meetings/{m}/participants/batch"},
                new String[]{"PATCH", "/v1/meetings/{m}/participants/{id}/permissions"},
                new String[]{"POST", "/v1/meetings/{m}/stage/grant"},
                new String[]{"POST", "/v1/meetings/{m}/stage/deny"},
                new String[]{"POST", "/v1/meetings/{m}/stage/kick"},
                new String[]{"POST", "/v1/meetings/{m}/participants/{id}/stage/request"},
                new String[]{"POST", "/v1/meetings/{m}/participants/{id}/token"},
                new String[]{"DELETE", "/v1/meetings/{m}/participants/{id}"});

        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (int i = 0; i < 420; i++) {
            String[] endpoint = endpoints.get(random.nextInt(endpoints.size()));
            String path = endpoint[1].replace("{m}", random.nextInt(3) == 0 ? ids.get(random.nextInt(ids.size())) : cast.meeting())
                                     .replace("{id}", ids.get(random.nextInt(ids.size())));
            String body = bodies.get(random.nextInt(bodies.size()));
            String[] headers = switch (random.nextInt(4)) {
                case 0 -> new String[]{"If-Match", random.nextBoolean() ? "\"abc\"" : "W/\"1\", \"2\""};
                case 1 -> new String[]{"Idempotency-Key", random.nextBoolean() ? "k" + "x".repeat(300) : "k-" + i};
                case 2 -> new String[]{"X-Acting-User", random.nextBoolean() ? "a b" : "service:x"};
                default -> new String[0];
            };
            String method = random.nextInt(10) == 0 ? "OPTIONS" : endpoint[0];
            Api.Answer answer = service.send(method, path, body, headers);
            sent++;
            String text = answer.body().toString();
            if (answer.status() >= 500 || LEAKS.stream().anyMatch(text::contains)
                    || (answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json"))) {
                failures.add(method + " " + path + " " + abbreviate(body) + " -> " + answer.status() + " " + abbreviate(text));
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(400);
        assertThat(failures).isEmpty();
        assertThat(service.as(null).get("/actuator/health").status()).isEqualTo(200);
    }

    private static List<String> bodies(Random random) {
        List<String> bodies = new ArrayList<>(List.of(
                "", "{", "}", "[]", "null", "true", "42", "\"text\"", "{\"userIds\": null}", "{\"userIds\": [null]}",
                "{\"userIds\": \"viewer\"}", "{\"userIds\": [1, 2]}", "{\"all\": \"yes\"}", "{\"all\": false}",
                "{\"maxOnStage\": 1e400}", "{\"maxOnStage\": -1}", "{\"maxOnStage\": 2147483648}",
                "{\"requestTimeoutSeconds\": 10.5}", "{\"title\": {\"nested\": true}}", "{\"stageAccess\": \"allowed\"}",
                "{\"stageEnabled\": \"true\"}", "{\"next\": 1e400}", "{\"next\": 0}", "{\"autoAccept\": \"on\"}",
                "{\"presenceGraceSeconds\": 2147483648}", "{\"participants\": [null, 1, \"x\"]}", "{\"participants\": {}}",
                "{\"participants\": [{\"userId\": \"a\", \"preset\": \"webinar_viewer\"}], \"tokens\": \"yes\"}",
                "{\"userId\": \"'; DROP TABLE domain_event_entry; --\", \"preset\": \"webinar_viewer\"}",
                "{\"userId\": \"\\u0000\", \"preset\": \"webinar_viewer\"}", "{\"userId\": \"日本語\", \"preset\": \"webinar_viewer\"}",
                "{\"userId\": \"ok\", \"preset\": \"../../etc/passwd\"}", "{\"a\":1,\"a\":2}", "{\"__proto__\": {}}",
                "{\"meetingId\": \"x\"} trailing", "\uFEFF{}", "{\"userIds\": [\"" + "u".repeat(70_000) + "\"]}"));
        bodies.add("[".repeat(5000) + "]".repeat(5000));
        bodies.add("{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
        for (int i = 0; i < 40; i++) {
            StringBuilder noise = new StringBuilder();
            int length = 1 + random.nextInt(80);
            for (int c = 0; c < length; c++) {
                noise.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
            }
            bodies.add(noise.toString());
        }
        return bodies;
    }

    private static List<String> ids(Random random) {
        List<String> ids = new ArrayList<>(List.of("viewer", "%2e%2e%2f%2e%2e", "..", "a%20b", "%00", "%E2%80%AE",
                "x".repeat(129), "service:x", "%27%3B--", "%3Cscript%3E", "a%2Fb", "%C3%A9"));
        for (int i = 0; i < 10; i++) {
            ids.add("id-" + Integer.toHexString(random.nextInt()));
        }
        return ids;
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
