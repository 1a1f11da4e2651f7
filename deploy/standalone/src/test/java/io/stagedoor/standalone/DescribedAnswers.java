package io.stagedoor.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagedoor.testsupport.Api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds real answers to the committed API description ({@code docs/openapi.json}, which
 * {@link CommittedApiDescriptionTest} keeps equal to what the code serves): every property the description lists as
 * required is there, null only where its type allows null, every value is of the type and among the values it
 * declares, and no property is there that its schema does not list. The standalone's test client checks every answer
 * so ({@link StandaloneServer}). An answer the description does not give a JSON schema for (the actuator, CSV,
 * streams) is not checked, except that every problem+json answer is a {@code Problem}.
 */
final class DescribedAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DESCRIPTION = read(Path.of("../../docs/openapi.json"));
    private static final String PROBLEM = "application/problem+json";

    private DescribedAnswers() {
    }

    /** Fails the test if the answer is not what the description says. */
    static void check(Api.Answer answer) {
        assertThat(violations(answer)).as("%s %s answered %d %s, not as docs/openapi.json describes it",
                answer.raw().request().method(), answer.raw().request().uri().getRawPath(), answer.status(),
                answer.body()).isEmpty();
    }

    static List<String> violations(Api.Answer answer) {
        return violations(answer.raw().request().method(), answer.raw().request().uri().getRawPath(), answer.status(),
                answer.contentType(), answer.body());
    }

    /** Where an answer differs from its schema in the description; empty if it does not, or it has none. */
    static List<String> violations(String method, String rawPath, int status, String contentType, JsonNode body) {
        List<String> violations = new ArrayList<>();
        String media = contentType == null ? "" : contentType.split(";")[0].trim();
        if (body.isMissingNode() || !(media.equals("application/json") || media.equals(PROBLEM))) {
            return violations;
        }
        JsonNode schema = operation(method, rawPath)
                .map(operation -> operation.path("responses").path(String.valueOf(status)).path("content")
                                           .path(media).path("schema"))
                .filter(described -> !described.isMissingNode())
                .orElse(media.equals(PROBLEM) ? ref("#/components/schemas/Problem") : null);
        if (schema != null) {
            walk(schema, body, "answer", violations);
        }
        return violations;
    }

    /** The operation a request reached: its path's template with the most literal segments that has the method. */
    private static Optional<JsonNode> operation(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        JsonNode best = null;
        int bestLiterals = -1;
        for (Map.Entry<String, JsonNode> path : DESCRIPTION.path("paths").properties()) {
            String[] template = path.getKey().split("/", -1);
            JsonNode operation = path.getValue().path(method.toLowerCase());
            if (template.length != segments.length || operation.isMissingNode()) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (template[i].startsWith("{")) {
                    matches = !segments[i].isEmpty();
                } else {
                    matches = template[i].equals(decoded(segments[i]));
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) {
                best = operation;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A path segment decoded; as it came if it is not valid percent-encoding (hostile input: Tomcat refused it). */
    private static String decoded(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return segment;
        }
    }

    private static void walk(JsonNode described, JsonNode value, String at, List<String> violations) {
        JsonNode schema = resolve(described);
        JsonNode type = schema.path("type");
        if (!type.isMissingNode() && !ofType(value, type)) {
            violations.add(at + " is " + value.getNodeType().name().toLowerCase() + ", not "
                    + (type.isArray() ? type.toString() : type.asText()));
            return;
        }
        if (schema.has("enum") && !contains(schema.path("enum"), value)) {
            violations.add(at + " is " + value + ", not one of " + schema.path("enum"));
        }
        schema.path("allOf").forEach(part -> walk(part, value, at, violations));
        if (value.isObject()) {
            schema.path("required").forEach(name -> {
                if (!value.has(name.asText())) {
                    violations.add(at + "." + name.asText() + " is missing");
                }
            });
            value.properties().forEach(field -> {
                JsonNode property = schema.path("properties").path(field.getKey());
                if (!property.isMissingNode()) {
                    walk(property, field.getValue(), at + "." + field.getKey(), violations);
                } else if (schema.path("additionalProperties").isObject()) {
                    walk(schema.path("additionalProperties"), field.getValue(), at + "." + field.getKey(), violations);
                } else if (closed(schema)) {
                    violations.add(at + "." + field.getKey() + " is not described");
                }
            });
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                walk(schema.path("items"), value.get(i), at + "[" + i + "]", violations);
            }
        }
    }

    /**
     * Whether an object's schema lists every property it may have: it lists some and allows no others (no
     * {@code additionalProperties}, or {@code false}, and no {@code allOf} that could add some). A property an answer
     * has and such a schema does not list means the schema is wrong — say, another type's of the same name.
     */
    private static boolean closed(JsonNode schema) {
        JsonNode additional = schema.path("additionalProperties");
        return schema.has("properties") && !schema.has("allOf")
                && (additional.isMissingNode() || additional.isBoolean() && !additional.booleanValue());
    }

    private static boolean ofType(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (ofType(value, one)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "null" -> value.isNull();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> true;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode one : values) {
            if (one.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.path("$ref").asText();
            schema = DESCRIPTION.at(ref.substring(1));
            if (schema.isMissingNode()) {
                throw new IllegalStateException("docs/openapi.json has no " + ref);
            }
        }
        return schema;
    }

    private static JsonNode ref(String ref) {
        return JSON.createObjectNode().put("$ref", ref);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API description " + file.toAbsolutePath(), e);
        }
    }
}
