package io.stagedoor.query.feed;

import io.stagedoor.kernel.event.EngineReasons;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.ParticipantRemoved;
import io.stagedoor.kernel.event.RemovedFromStage;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequestCancelled;
import io.stagedoor.kernel.event.StageAccessRequestExpired;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageClosed;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.event.StageJoined;
import io.stagedoor.kernel.event.StageLeft;
import io.stagedoor.kernel.id.Actor;

import io.stagedoor.kernel.stage.StageStatus;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The event catalogue: the public name ({@code <resource>.<action>}) of every stored event, as the change feed and
 * webhooks carry it. One place, exhaustive over the sealed {@link StageEvent} hierarchy: a new event class without a
 * name here stops the query side from starting (and {@code EventTypesTest} fails), so adding an event forces naming
 * it. Names are forever, like the stored event classes.
 */
public final class EventTypes {

    /** The event {@code POST /v1/webhooks/{id}/test} sends; not a stored event. */
    public static final String WEBHOOK_TEST = "webhook.test";

    /**
     * A type's public name, what it means, and the JSON schema of its {@code data} (the feed event's fields, without
     * its position): participant events name the participant and its status before and after.
     */
    public record EventType(String type, String description, Map<String, Object> dataSchema) {
    }

    private static final Map<Class<? extends StageEvent>, EventType> TYPES = new LinkedHashMap<>();

    static {
        name(MeetingCreated.class, "meeting.created", "A meeting was created, with its settings", false);
        name(MeetingSettingsChanged.class, "meeting.settings_changed", "A meeting's settings changed", false);
        name(MeetingEnded.class, "meeting.ended", "A meeting ended: everyone is off stage, no command is taken any more",
                false);
        name(ParticipantAdded.class, "participant.added", "A participant was added, at its resting status", true);
        name(ParticipantRemoved.class, "participant.removed", "A participant left or was removed from the meeting",
                true);
        name(ParticipantPermissionsChanged.class, "participant.permissions_changed",
                "A participant's permissions changed; the status moves as they require", true);
        name(StageAccessRequested.class, "stage.access_requested", "A participant asked to join the stage", true);
        name(StageAccessRequestCancelled.class, "stage.access_request_cancelled",
                "A participant withdrew its request, or the engine did when the participant's presence was lost", true);
        name(StageAccessRequestExpired.class, "stage.access_request_expired",
                "A request was pending longer than the meeting's requestTimeoutSeconds", true);
        name(StageAccessGranted.class, "stage.access_granted",
                "A host accepted a request or invited a participant, or the engine auto-accepted a request: it may now "
                        + "join", true);
        name(StageAccessDenied.class, "stage.access_denied", "A host rejected a request or withdrew an acceptance, or "
                + "the engine withdrew an acceptance not used in time", true);
        name(StageJoined.class, "stage.joined", "A participant joined the stage: it may publish now", true);
        name(StageLeft.class, "stage.left", "A participant left the stage or declined its acceptance", true);
        name(RemovedFromStage.class, "stage.removed", "A host removed a participant from the stage (kick), or the "
                + "engine did when the participant's presence was lost", true);
        name(StageClosed.class, "stage.closed", "The meeting ended while this participant was not off stage", true);
        List<String> unnamed = concreteEvents().stream().filter(type -> !TYPES.containsKey(type))
                                               .map(Class::getName).toList();
        if (!unnamed.isEmpty()) {
            throw new IllegalStateException("events without a public name in EventTypes: " + unnamed);
        }
    }

    private static final Map<String, EventType> BY_NAME = TYPES.values().stream().collect(
            Collectors.toMap(EventType::type, type -> type, (a, b) -> {
                throw new IllegalStateException("two events named " + a.type());
            }, LinkedHashMap::new));

    private EventTypes() {
    }

    private static void name(Class<? extends StageEvent> event, String type, String description, boolean participant) {
        TYPES.put(event, new EventType(type, description, dataSchema(participant)));
    }

    private static Map<String, Object> dataSchema(boolean participant) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("meetingId", Map.of("type", "string"));
        properties.put("version", Map.of("type", "integer", "minimum", 0,
                "description", "the meeting's version after this event"));
        properties.put("occurredAt", Map.of("type", "string", "format", "date-time"));
        properties.put("actor", Map.of("type", "string", "description", "a participant's user id, or service:<name>"));
        List<String> required = new ArrayList<>(List.of("meetingId", "version", "occurredAt", "actor"));
        if (participant) {
            List<Object> statuses = new ArrayList<>(Arrays.stream(StageStatus.values()).map(Enum::name).toList());
            statuses.add(null);
            properties.put("userId", Map.of("type", "string"));
            properties.put("from", Map.of("type", List.of("string", "null"), "enum", statuses,
                    "description", "absent when the participant was added"));
            properties.put("to", Map.of("type", List.of("string", "null"), "enum", statuses,
                    "description", "absent when the participant was removed"));
            properties.put("reason", Map.of("type", "string", "description", "why the engine (actor "
                    + Actor.ENGINE.value() + ") decided: " + EngineReasons.AUTO_ACCEPT + ", "
                    + EngineReasons.ACCEPTANCE_EXPIRED + " or " + EngineReasons.PRESENCE_LOST
                    + "; absent when a participant, host or service decided"));
            properties.put("expiresAt", Map.of("type", "string", "format", "date-time", "description",
                    "stage.access_requested: when the request expires unanswered; stage.access_granted: when the "
                    + "acceptance expires unless used to join; absent without that timeout and for other types"));
            required.add("userId");
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        return schema;
    }

    /** The public name of a stored event. */
    public static String of(StageEvent event) {
        return TYPES.get(event.getClass()).type();
    }

    public static boolean isKnown(String type) {
        return BY_NAME.containsKey(type);
    }

    /** Every stored event's type, in the order above. */
    public static List<EventType> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** Every record class of the sealed event hierarchy. */
    static List<Class<?>> concreteEvents() {
        List<Class<?>> concrete = new ArrayList<>();
        Deque<Class<?>> open = new ArrayDeque<>(List.of(StageEvent.class));
        while (!open.isEmpty()) {
            Class<?> type = open.pop();
            if (type.isSealed()) {
                open.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                concrete.add(type);
            }
        }
        return concrete;
    }
}
