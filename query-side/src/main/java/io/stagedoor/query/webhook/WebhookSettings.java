package io.stagedoor.query.webhook;

import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.query.feed.EventTypes;

import java.util.LinkedHashSet;
import java.util.List;

/** The rules for what an endpoint receives and where, applied when it is created and when it is changed. */
final class WebhookSettings {

    static final int MAX_DESCRIPTION = 500;
    static final int MAX_EVENT_TYPES = 100;

    private final TargetPolicy targets;

    WebhookSettings(TargetPolicy targets) {
        this.targets = targets;
    }

    /**
     * @throws InvalidInput (2011) for a URL that may not be targeted, an unknown event type, a malformed meeting id,
     *                      a description too long
     */
    Endpoints.Settings validate(String url, List<String> eventTypes, String meetingId, String description) {
        String target = targets.require(url).toString();
        List<String> types = null;
        if (eventTypes != null) {
            if (eventTypes.isEmpty() || eventTypes.size() > MAX_EVENT_TYPES) {
                throw new InvalidInput("eventTypes lists 1 to " + MAX_EVENT_TYPES + " types; leave it out for all");
            }
            List<String> unknown = eventTypes.stream().filter(type -> type == null || !EventTypes.isKnown(type)).toList();
            if (!unknown.isEmpty()) {
                throw new InvalidInput("unknown event types " + unknown + "; see GET /v1/event-types");
            }
            types = List.copyOf(new LinkedHashSet<>(eventTypes));
        }
        String meeting = meetingId == null ? null : MeetingId.of(meetingId).value();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new InvalidInput("description is longer than " + MAX_DESCRIPTION + " characters");
        }
        return new Endpoints.Settings(target, types, meeting, description);
    }
}
