package io.stagedoor.query.feed;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The event catalogue in the API description: the JSON schemas of a feed event's and a webhook message's
 * {@code data}, and of the webhook message itself, as components — the same schemas {@code GET /v1/event-types}
 * serves, converted from {@link EventTypes}, so the two cannot differ.
 */
final class EventCatalogueDescription implements OpenApiCustomizer {

    static final String MEETING_EVENT_DATA = "MeetingEventData";
    static final String PARTICIPANT_EVENT_DATA = "ParticipantEventData";
    static final String WEBHOOK_MESSAGE = "WebhookMessage";

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Object> meeting = schemaOf("meeting.created");
        Map<String, Object> participant = schemaOf("stage.joined");
        List<String> types = new ArrayList<>(EventTypes.names());
        types.add(EventTypes.WEBHOOK_TEST);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", Map.of("type", "string", "enum", types));
        properties.put("timestamp", Map.of("type", "string", "format", "date-time"));
        properties.put("data", Map.of("type", "object"));
        Schema<Object> message = toSchema(Map.of("type", "object", "properties", properties,
                "required", List.of("type", "timestamp", "data")));
        message.setDescription("What a webhook endpoint receives (Standard Webhooks): `data` is "
                + MEETING_EVENT_DATA + " for `meeting.*`, " + PARTICIPANT_EVENT_DATA + " for `participant.*` and "
                + "`stage.*`, `{webhookId}` for `webhook.test`.");
        openApi.getComponents().addSchemas(MEETING_EVENT_DATA, toSchema(meeting))
               .addSchemas(PARTICIPANT_EVENT_DATA, toSchema(participant))
               .addSchemas(WEBHOOK_MESSAGE, message);
    }

    private static Map<String, Object> schemaOf(String type) {
        return EventTypes.all().stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow().dataSchema();
    }

    /**
     * A JSON schema of the catalogue (objects, strings, integers, enums, a type or null) as the description's model,
     * with its types written both ways, so it reads the same whether springdoc writes OpenAPI 3.0 ({@code type},
     * {@code nullable}) or 3.1 ({@code type} as a list, which the swagger model calls {@code types}).
     */
    @SuppressWarnings("unchecked")
    static Schema<Object> toSchema(Map<String, Object> json) {
        Schema<Object> schema = new Schema<>();
        Object type = json.get("type");
        List<String> types = type instanceof List<?> alternatives ? alternatives.stream().map(String.class::cast).toList()
                : List.of((String) type);
        schema.setType(types.stream().filter(t -> !t.equals("null")).findFirst().orElseThrow());
        schema.setTypes(new LinkedHashSet<>(types));
        if (types.contains("null")) {
            schema.setNullable(true);
        }
        schema.setDescription((String) json.get("description"));
        schema.setFormat((String) json.get("format"));
        if (json.get("minimum") instanceof Number minimum) {
            schema.setMinimum(new BigDecimal(minimum.toString()));
        }
        if (json.get("enum") instanceof List<?> values) {
            schema.setEnum(new ArrayList<>(values)); // null stays a value, as the nullable type allows
        }
        if (json.get("properties") instanceof Map<?, ?> properties) {
            Map<String, Schema> converted = new LinkedHashMap<>();
            properties.forEach((name, property) -> converted.put((String) name, toSchema((Map<String, Object>) property)));
            schema.setProperties(converted);
        }
        if (json.get("required") instanceof List<?> required) {
            schema.setRequired(required.stream().map(String.class::cast).toList());
        }
        return schema;
    }
}
