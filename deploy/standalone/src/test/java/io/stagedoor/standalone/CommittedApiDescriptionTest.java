package io.stagedoor.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description of both sides, as the standalone serves it, is committed as {@code docs/openapi.json}, so
 * clients generate from a file that is reviewed with the code. This fails when the two differ; run the build with
 * {@code -Dstagedoor.openapi.write=true} (e.g. {@code ./mvnw verify -pl deploy/standalone -am
 * -Dtest=CommittedApiDescriptionTest -Dsurefire.failIfNoSpecifiedTests=false -Dstagedoor.openapi.write=true}) to
 * write it anew, then review the diff.
 */
class CommittedApiDescriptionTest {

    private static final Path COMMITTED = Path.of("../../docs/openapi.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                                                               .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new StandaloneServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theCommittedDescriptionIsTheOneTheCodeServes() throws IOException {
        JsonNode served = server.service.as(null).get("/v3/api-docs").body();
        String current = JSON.writeValueAsString(JSON.treeToValue(served, Object.class)) + "\n";
        if (Boolean.getBoolean("stagedoor.openapi.write")) {
            Files.writeString(COMMITTED, current, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(COMMITTED)).as("docs/openapi.json is committed").isTrue();
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("docs/openapi.json is what the code describes: write it anew with -Dstagedoor.openapi.write=true")
                .isEqualTo(current);
    }

    @Test
    void everyOperationIsTypedTaggedAndHasRealExamples() {
        JsonNode description = server.service.as(null).get("/v3/api-docs").body();
        List<String> untyped = new ArrayList<>();
        List<String> stringExamples = new ArrayList<>();
        description.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            op.getValue().path("responses").fields().forEachRemaining(response -> {
                // a HEAD answers headers only, a 204 nothing
                if (response.getKey().startsWith("2") && !response.getKey().equals("204") && !op.getKey().equals("head")) {
                    response.getValue().path("content").fields().forEachRemaining(media -> {
                        if (!media.getValue().has("schema")) {
                            untyped.add(name + " " + response.getKey() + " " + media.getKey());
                        }
                    });
                    if (!response.getValue().has("content")) {
                        untyped.add(name + " " + response.getKey());
                    }
                }
                response.getValue().path("content").forEach(media -> media.path("examples").forEach(example -> {
                    if (example.path("value").isTextual() && !media.toString().contains("text/")) {
                        stringExamples.add(name + " " + response.getKey());
                    }
                }));
            });
            op.getValue().path("requestBody").path("content").forEach(media -> media.path("examples").forEach(example -> {
                if (example.path("value").isTextual()) {
                    stringExamples.add(name + " request");
                }
            }));
        }));
        assertThat(untyped).as("success answers without a schema").isEmpty();
        assertThat(stringExamples).as("examples written as JSON strings instead of objects").isEmpty();
        assertThat(description.path("paths").has("/error")).as("/error is not an operation").isFalse();
        List<String> defined = new ArrayList<>();
        description.path("tags").forEach(tag -> defined.add(tag.path("name").asText()));
        List<String> used = new ArrayList<>();
        description.path("paths").forEach(path -> path.forEach(op -> op.path("tags").forEach(tag -> used.add(tag.asText()))));
        assertThat(defined).as("every tag used is defined").containsAll(used);
    }

}
