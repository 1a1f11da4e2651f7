package io.stagedoor.query.feed;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        Schema<Object> message = new Schema<>();
        message.setType("object");
        message.setDescription("What a webhook endpoint receives (Standard Webhooks): `data` is "
                + MEETING_EVENT_DATA + " for `meeting.*`, " + PARTICIPANT_EVENT_DATA + " for `participant.*` and "
                + "`stage.*`, `{webhookId}` for `webhook.test`.");
        Schema<Object> type = new Schema<>();
        type.setType("string");
        type.setEnum(new ArrayList<>(types));
        Schema<Object> timestamp = new Schema<>();
        timestamp.setType("string");
        timestamp.setFormat("date-time");
        Schema<Object> data = new Schema<>();
        data.setType("object");
        message.addProperty("type", type);
        message.addProperty("timestamp", timestamp);
        message.addProperty("data", data);
        message.setRequired(List.of("type", "timestamp", "data"));
        openApi.getComponents().addSchemas(MEETING_EVENT_DATA, toSchema(meeting))
               .addSchemas(PARTICIPANT_EVENT_DATA, toSchema(participant))
               .addSchemas(WEBHOOK_MESSAGE, message);
    }

    private static Map<String, Object> schemaOf(String type) {
        return EventTypes.all().stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow().dataSchema();
    }

    /** A JSON schema of the catalogue (objects, strings, integers, enums, a type or null) as the description's model. */
    @SuppressWarnings("unchecked")
    static Schema<Object> toSchema(Map<String, Object> json) {
        Schema<Object> schema = new Schema<>();
        Object type = json.get("type");
        if (type instanceof List<?> alternatives) {
            schema.setType(alternatives.stream().filter(t -> !"null".equals(t)).map(String.class::cast).findFirst()
                                       .orElseThrow());
            schema.setNullable(alternatives.contains("null"));
        } else {
            schema.setType((String) type);
        }
        schema.setDescription((String) json.get("description"));
        schema.setFormat((String) json.get("format"));
        if (json.get("minimum") instanceof Number minimum) {
            schema.setMinimum(new BigDecimal(minimum.toString()));
        }
        if (json.get("enum") instanceof List<?> values) {
            schema.setEnum(values.stream().filter(value -> value != null).map(Object.class::cast).toList());
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
