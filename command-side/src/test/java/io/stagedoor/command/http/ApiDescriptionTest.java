package io.stagedoor.command.http;

import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.testsupport.Api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The API description is generated from the code and shows an example of every request, answer and refusal. */
class ApiDescriptionTest extends ApiTest {

    private static final Map<String, List<String>> COMMANDS = Map.ofEntries(
            Map.entry("/v1/meetings", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}", List.of("patch")),
            Map.entry("/v1/meetings/{meetingId}/end", List.of("post")),
            Map.entry("/v1/presets/{name}", List.of("put")),
            Map.entry("/v1/meetings/{meetingId}/participants", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}/participants/batch", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}/participants/{userId}/token", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}/participants/{userId}", List.of("delete")),
            Map.entry("/v1/meetings/{meetingId}/participants/{userId}/permissions", List.of("patch")),
            Map.entry("/v1/meetings/{meetingId}/participants/{userId}/stage/request", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}/participants/{userId}/stage/cancel-request", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}/participants/{userId}/stage/join", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}/participants/{userId}/stage/leave", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}/stage/grant", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}/stage/deny", List.of("post")),
            Map.entry("/v1/meetings/{meetingId}/stage/kick", List.of("post")));

    @Test
    void describesEveryCommandWithExamples() {
        JsonNode description = service.as(null).get("/v3/api-docs").body();
        assertThat(description.path("openapi").asText()).startsWith("3.");
        COMMANDS.forEach((path, methods) -> methods.forEach(method -> {
            JsonNode operation = description.path("paths").path(path).path(method);
            assertThat(operation.isMissingNode()).as("%s %s is described", method, path).isFalse();
            assertThat(operation.path("summary").asText()).as("summary of %s %s", method, path).isNotBlank();
            JsonNode success = operation.path("responses").path(method.equals("post") && path.equals("/v1/meetings") ? "201" : "200");
            assertThat(success.findValues("examples")).as("answer example of %s %s", method, path).isNotEmpty();
            if (!operation.path("requestBody").isMissingNode()) {
                assertThat(operation.path("requestBody").findValues("examples")).as("request example of %s %s", method, path)
                                                                                .isNotEmpty();
            }
            for (String status : List.of("400", "401", "403", "503")) {
                JsonNode examples = operation.path("responses").path(status).path("content")
                                             .path("application/problem+json").path("examples");
                assertThat(examples.size()).as("%s refusal examples of %s %s", status, method, path).isPositive();
                examples.forEach(example -> assertThat(example.path("value").path("code").asInt()).isBetween(2001, 2015));
            }
        }));
        JsonNode join = description.path("paths").path("/v1/meetings/{meetingId}/participants/{userId}/stage/join")
                                   .path("post").path("responses");
        assertThat(join.path("409").path("content").path("application/problem+json").path("examples").fieldNames())
                .toIterable().contains("2004-transition-not-allowed", "2006-stage-full", "2008-meeting-ended");
        assertThat(join.path("412").isMissingNode()).as("If-Match refusal documented").isFalse();
        JsonNode request = description.path("paths").path("/v1/meetings/{meetingId}/participants/{userId}/stage/request")
                                      .path("post").path("responses");
        assertThat(request.path("409").path("content").path("application/problem+json").path("examples").fieldNames())
                .toIterable().contains("2008-meeting-ended", "2016-request-queue-full");
        JsonNode grant = description.path("paths").path("/v1/meetings/{meetingId}/stage/grant").path("post");
        assertThat(grant.path("description").asText()).contains("\"next\": N");
        assertThat(requestSchema(description, grant).path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("userIds", "all", "next");
        JsonNode batch = description.path("paths").path("/v1/meetings/{meetingId}/participants/batch").path("post");
        assertThat(requestSchema(description, batch).path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("participants", "tokens");
        JsonNode batchAnswer = batch.path("responses").path("200").path("content").path("application/json");
        assertThat(batchAnswer.path("examples").path("example").path("value").path("tokens").get(0).path("userId")
                              .asText()).as("the example is an object, not a string").isEqualTo("viewer-7");
        assertThat(batchAnswer.path("schema").path("$ref").asText()).isEqualTo("#/components/schemas/ParticipantsAdded");
        assertThat(description.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
    }

    /** The settings patch is read from the JSON tree; its schema lists exactly the fields it accepts, with their bounds. */
    @Test
    void describesTheSettingsPatchAsItIsRead() {
        JsonNode description = service.as(null).get("/v3/api-docs").body();
        JsonNode patch = requestSchema(description, description.path("paths").path("/v1/meetings/{meetingId}").path("patch"));
        assertThat(patch.path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(Bodies.ChangeMeetingSettings.FIELDS);
        assertThat(patch.path("additionalProperties").asBoolean(true)).as("unknown fields are refused").isFalse();
        assertThat(patch.path("required").isMissingNode()).as("a merge patch requires nothing").isTrue();
        JsonNode maxOnStage = patch.path("properties").path("maxOnStage");
        assertThat(maxOnStage.path("type").toString()).isEqualTo("[\"integer\",\"null\"]");
        assertThat(maxOnStage.path("minimum").asInt()).isEqualTo(MeetingSettings.MIN_ON_STAGE);
        assertThat(maxOnStage.path("maximum").asInt()).isEqualTo(MeetingSettings.MAX_ON_STAGE);
        assertThat(description.path("components").path("schemas").has("JsonNode")).as("no JSON tree type described").isFalse();
    }

    /** The schema of an operation's JSON request body, its reference followed. */
    private static JsonNode requestSchema(JsonNode description, JsonNode operation) {
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
        String ref = schema.path("$ref").asText();
        return ref.isEmpty() ? schema
                : description.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    @Test
    void servesABrowsableUi() {
        Api.Answer ui = service.as(null).get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.raw().body()).contains("swagger-ui");
    }
}
