package io.stagedoor.query.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The event catalogue's JSON schemas in docs/integrations.md are the ones the code serves. */
class EventSchemasDocumentedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void theDocumentedSchemasOfDataAreTheCodes() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "integrations.md"));
        String section = docs.substring(docs.indexOf("### The JSON schemas of `data`"));
        List<JsonNode> blocks = new ArrayList<>();
        Matcher block = JSON_BLOCK.matcher(section);
        while (block.find() && blocks.size() < 2) {
            blocks.add(JSON.readTree(block.group(1)));
        }
        assertThat(blocks).containsExactly(schemaOf("meeting.ended"), schemaOf("stage.joined"));
        assertThat(EventTypes.all()).allSatisfy(type -> {
            JsonNode schema = JSON.valueToTree(type.dataSchema());
            assertThat(schema).isIn(blocks.get(0), blocks.get(1));
        });
    }

    private static JsonNode schemaOf(String type) {
        return JSON.valueToTree(EventTypes.all().stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow()
                                          .dataSchema());
    }
}
