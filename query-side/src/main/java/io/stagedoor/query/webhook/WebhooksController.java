package io.stagedoor.query.webhook;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.platform.web.ApiContract;
import io.stagedoor.query.feed.ServicesOnly;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Webhook endpoints and their deliveries (Standard Webhooks; services only; docs/integrations.md). */
@RestController
class WebhooksController {

    private static final String WEBHOOKS = "webhooks";
    /** What a patch may change ({@link WebhookPatch} describes these). */
    static final Set<String> PATCHABLE = Set.of("url", "eventTypes", "meetingId", "description", "enabled");
    private static final String ENDPOINT_EXAMPLE = "{\"id\": \"3f0c8e9a-5d4b-4c1e-9a57-0e2b7f7c1d11\", "
            + "\"url\": \"https://media.example.com/stagedoor\", \"eventTypes\": [\"stage.joined\", \"stage.left\"], "
            + "\"meetingId\": null, \"description\": \"publish rights\", \"enabled\": true, "
            + "\"createdAt\": \"2026-11-23T10:00:00Z\", \"secret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}";
    private static final String DELIVERY_EXAMPLE = "{\"id\": 812, \"messageId\": \"evt_41\", \"type\": \"stage.joined\", "
            + "\"meetingId\": \"town-hall\", \"version\": 7, \"position\": 41, \"status\": \"pending\", \"attempts\": 2, "
            + "\"lastAttemptAt\": \"2026-11-23T10:02:05Z\", \"lastStatus\": 503, \"lastError\": \"the endpoint answered 503\", "
            + "\"nextAttemptAt\": \"2026-11-23T10:07:05Z\", \"createdAt\": \"2026-11-23T10:02:00Z\"}";

    private final Endpoints endpoints;
    private final Deliveries deliveries;
    private final WebhookSettings settings;
    private final WebhookProperties properties;

    WebhooksController(Endpoints endpoints, Deliveries deliveries, WebhookSettings settings,
                       WebhookProperties properties) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.settings = settings;
        this.properties = properties;
    }

    record CreateWebhook(@Schema(requiredMode = REQUIRED) String url, List<String> eventTypes, String meetingId,
                         String description) {
    }

    record Webhooks(List<Endpoint> webhooks) {
    }

    /** What a patch may hold, for the API description: {@link #patch} reads the JSON tree (absent keeps, null clears). */
    @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
            description = "A JSON merge patch of a webhook endpoint: an absent field keeps its value, null clears "
                    + "eventTypes (every type), meetingId (every meeting) and description. Unknown fields are refused "
                    + "(2011).")
    record WebhookPatch(@Schema(description = "http(s), to a host the service may target") String url,
                        @Schema(types = {"array", "null"})
                        @ArraySchema(minItems = 1, maxItems = WebhookSettings.MAX_EVENT_TYPES) List<String> eventTypes,
                        @Schema(types = {"string", "null"}) String meetingId,
                        @Schema(types = {"string", "null"}, maxLength = WebhookSettings.MAX_DESCRIPTION)
                        String description,
                        Boolean enabled) {
    }

    /** How many messages a replay queued. */
    record ReplayQueued(int queued) {
    }

    @ApiContract(summary = "Register a webhook endpoint (Standard Webhooks)", command = false, successStatuses = 201,
            description = "Services only. The answer carries the signing secret, shown here and on rotation only. "
                    + "Without eventTypes it receives every type; with meetingId only that meeting's events. Targets on "
                    + "loopback, private, link-local and metadata addresses are refused unless configured.",
            requestExample = "{\"url\": \"https://media.example.com/stagedoor\", \"eventTypes\": [\"stage.joined\", "
                    + "\"stage.left\"], \"description\": \"publish rights\"}",
            answerExample = ENDPOINT_EXAMPLE)
    @PostMapping("/v1/webhooks")
    ResponseEntity<Endpoint> create(@RequestBody CreateWebhook request) {
        ServicesOnly.require(WEBHOOKS);
        if (request == null) {
            throw new InvalidInput("a webhook needs at least a url");
        }
        Endpoint created = endpoints.create(settings.validate(request.url(), request.eventTypes(), request.meetingId(),
                request.description()));
        return ResponseEntity.created(URI.create("/v1/webhooks/" + created.id())).body(created);
    }

    @ApiContract(summary = "Every webhook endpoint (without secrets)", command = false)
    @GetMapping("/v1/webhooks")
    Webhooks list() {
        ServicesOnly.require(WEBHOOKS);
        return new Webhooks(endpoints.all());
    }

    @ApiContract(summary = "A webhook endpoint (without its secret)", command = false,
            refusals = ErrorCode.WEBHOOK_NOT_FOUND)
    @GetMapping("/v1/webhooks/{id}")
    Endpoint get(@PathVariable String id) {
        ServicesOnly.require(WEBHOOKS);
        return endpoints.find(id);
    }

    @ApiContract(summary = "Change a webhook endpoint (JSON merge patch)", command = false,
            description = "Any of url, eventTypes, meetingId, description (null clears the last three) and enabled. "
                    + "Enabling a disabled endpoint resumes its pending deliveries, in order.",
            requestExample = "{\"enabled\": true}", refusals = ErrorCode.WEBHOOK_NOT_FOUND)
    @PatchMapping("/v1/webhooks/{id}")
    Endpoint patch(@PathVariable String id,
                   @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                           schema = @Schema(implementation = WebhookPatch.class))) @RequestBody JsonNode patch) {
        ServicesOnly.require(WEBHOOKS);
        Endpoint current = endpoints.find(id);
        if (patch == null || !patch.isObject()) {
            throw new InvalidInput("a patch is a JSON object");
        }
        List<String> unknown = patch.propertyNames().stream().filter(name -> !PATCHABLE.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInput("unknown fields " + unknown);
        }
        String url = patch.has("url") ? text(patch, "url", false) : current.url();
        List<String> types = patch.has("eventTypes") ? texts(patch.get("eventTypes")) : current.eventTypes();
        String meetingId = patch.has("meetingId") ? text(patch, "meetingId", true) : current.meetingId();
        String description = patch.has("description") ? text(patch, "description", true) : current.description();
        boolean enabled = current.enabled();
        if (patch.has("enabled")) {
            if (!patch.get("enabled").isBoolean()) {
                throw new InvalidInput("enabled is true or false");
            }
            enabled = patch.get("enabled").booleanValue();
        }
        return endpoints.update(current.id(), settings.validate(url, types, meetingId, description), enabled);
    }

    @ApiContract(summary = "Delete a webhook endpoint and its deliveries", command = false, successStatuses = 204,
            refusals = ErrorCode.WEBHOOK_NOT_FOUND)
    @DeleteMapping("/v1/webhooks/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        ServicesOnly.require(WEBHOOKS);
        endpoints.delete(id);
        return ResponseEntity.noContent().build();
    }

    @ApiContract(summary = "Rotate a webhook endpoint's secret", command = false,
            description = "The answer carries the new secret. For 24 hours every message is signed with both the new "
                    + "and the old secret (two signatures, space-separated), so receivers can switch without a gap.",
            answerExample = ENDPOINT_EXAMPLE, refusals = ErrorCode.WEBHOOK_NOT_FOUND)
    @PostMapping("/v1/webhooks/{id}/rotate-secret")
    Endpoint rotate(@PathVariable String id) {
        ServicesOnly.require(WEBHOOKS);
        return endpoints.rotate(id, properties.rotationOverlap());
    }

    @ApiContract(summary = "Send a webhook.test message to an endpoint", command = false, successStatuses = 202,
            answerExample = DELIVERY_EXAMPLE, refusals = ErrorCode.WEBHOOK_NOT_FOUND)
    @PostMapping("/v1/webhooks/{id}/test")
    ResponseEntity<Delivery> test(@PathVariable String id) {
        ServicesOnly.require(WEBHOOKS);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deliveries.test(id));
    }

    @ApiContract(summary = "An endpoint's deliveries, newest first", command = false,
            description = "Filter by status (pending, delivered, failed) and meetingId; pass `next` as `before` for "
                    + "older ones.", answerExample = "{\"deliveries\": [" + DELIVERY_EXAMPLE + "], \"next\": null}",
            refusals = ErrorCode.WEBHOOK_NOT_FOUND)
    @GetMapping("/v1/webhooks/{id}/deliveries")
    Deliveries.Page deliveries(@PathVariable String id, @RequestParam(required = false) String status,
                               @RequestParam(required = false) String meetingId,
                               @RequestParam(required = false) Long before,
                               @RequestParam(required = false) Integer limit) {
        ServicesOnly.require(WEBHOOKS);
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw new InvalidInput("limit must be between 1 and 1000");
        }
        return deliveries.list(id, status, meetingId, before, limit == null ? 100 : limit);
    }

    @ApiContract(summary = "One delivery", command = false, answerExample = DELIVERY_EXAMPLE,
            refusals = ErrorCode.WEBHOOK_NOT_FOUND)
    @GetMapping("/v1/webhooks/{id}/deliveries/{deliveryId}")
    Delivery delivery(@PathVariable String id, @PathVariable long deliveryId) {
        ServicesOnly.require(WEBHOOKS);
        return deliveries.find(id, deliveryId);
    }

    @ApiContract(summary = "Send a delivery's message again", command = false, successStatuses = 202,
            description = "A new delivery of the same message (the same webhook-id), after what is pending for its "
                    + "meeting.", answerExample = DELIVERY_EXAMPLE, refusals = ErrorCode.WEBHOOK_NOT_FOUND)
    @PostMapping("/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    ResponseEntity<Delivery> redeliver(@PathVariable String id, @PathVariable long deliveryId) {
        ServicesOnly.require(WEBHOOKS);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deliveries.redeliver(id, deliveryId));
    }

    record ReplayRequest(String meetingId, Long fromVersion, String from, String to) {
    }

    @ApiContract(summary = "Send a range of past events again", command = false, successStatuses = 202,
            description = "Every stored event the endpoint's filters let through, optionally of one meeting (from a "
                    + "version on), and occurred in [from, to) (ISO-8601), queued in feed order with their original "
                    + "webhook-id.", requestExample = "{\"meetingId\": \"town-hall\", \"fromVersion\": 40}",
            answerExample = "{\"queued\": 12}", refusals = ErrorCode.WEBHOOK_NOT_FOUND)
    @PostMapping("/v1/webhooks/{id}/replay")
    ResponseEntity<ReplayQueued> replay(@PathVariable String id, @RequestBody(required = false) ReplayRequest request) {
        ServicesOnly.require(WEBHOOKS);
        ReplayRequest replay = request == null ? new ReplayRequest(null, null, null, null) : request;
        if (replay.fromVersion() != null && replay.fromVersion() < 0) {
            throw new InvalidInput("fromVersion must not be negative");
        }
        String meetingId = replay.meetingId() == null ? null
                : io.stagedoor.kernel.id.MeetingId.of(replay.meetingId()).value();
        int queued = deliveries.replay(id, new Deliveries.Replay(meetingId, replay.fromVersion(),
                instant("from", replay.from()), instant("to", replay.to())));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReplayQueued(queued));
    }

    private static String text(JsonNode patch, String field, boolean nullable) {
        JsonNode value = patch.get(field);
        if (value.isNull() && nullable) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidInput(field + " is a string" + (nullable ? " or null" : ""));
        }
        return value.stringValue();
    }

    private static List<String> texts(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidInput("eventTypes is a list of event types, or null for all");
        }
        List<String> types = new ArrayList<>();
        for (JsonNode type : value.values()) {
            if (!type.isString()) {
                throw new InvalidInput("eventTypes is a list of event types, or null for all");
            }
            types.add(type.stringValue());
        }
        return types;
    }

    private static Instant instant(String field, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field + " must be an ISO-8601 UTC time, like 2026-11-23T10:15:30Z");
        }
    }
}
