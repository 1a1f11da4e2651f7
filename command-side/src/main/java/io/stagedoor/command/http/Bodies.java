package io.stagedoor.command.http;

import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.stage.StageAccess;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Request bodies of the command API. Unknown fields are refused (2011); ids are checked when commands are built. */
final class Bodies {

    private Bodies() {
    }

    record CreateMeeting(String meetingId, String title, Integer maxOnStage, Integer requestTimeoutSeconds) {
    }

    /**
     * Merge-patch ({@code application/merge-patch+json} meaning, sent as JSON): an absent field keeps the setting,
     * {@code null} clears it, a value sets it. Read from the JSON tree, because a record cannot tell absent from null.
     */
    record ChangeMeetingSettings(Optional<String> title, Optional<Integer> maxOnStage,
                                 Optional<Integer> requestTimeoutSeconds) {

        private static final Set<String> FIELDS = Set.of("title", "maxOnStage", "requestTimeoutSeconds");

        static ChangeMeetingSettings from(JsonNode body) {
            if (body == null || !body.isObject()) {
                throw new InvalidInput("the settings change must be a JSON object");
            }
            body.propertyNames().forEach(name -> {
                if (!FIELDS.contains(name)) {
                    throw new InvalidInput("unknown field '" + name + "'");
                }
            });
            return new ChangeMeetingSettings(text(body, "title"), integer(body, "maxOnStage"),
                    integer(body, "requestTimeoutSeconds"));
        }

        private static Optional<String> text(JsonNode body, String field) {
            JsonNode value = body.get(field);
            if (value == null) {
                return null;
            }
            if (!value.isNull() && !value.isString()) {
                throw new InvalidInput("field '" + field + "' must be a string or null");
            }
            return value.isNull() ? Optional.empty() : Optional.of(value.asString());
        }

        private static Optional<Integer> integer(JsonNode body, String field) {
            JsonNode value = body.get(field);
            if (value == null) {
                return null;
            }
            if (!value.isNull() && !value.canConvertToInt()) {
                throw new InvalidInput("field '" + field + "' must be an integer or null");
            }
            return value.isNull() ? Optional.empty() : Optional.of(value.asInt());
        }
    }

    record DefinePreset(Boolean stageEnabled, StageAccess stageAccess, Boolean acceptStageRequests,
                        Boolean canChangeParticipantPermissions) {
    }

    record AddParticipant(String userId, String name, String preset) {
    }

    /** Any subset of the four permissions. */
    record ChangePermissions(Boolean stageEnabled, StageAccess stageAccess, Boolean acceptStageRequests,
                             Boolean canChangeParticipantPermissions) {
    }

    /** {@code {"userIds": [...]}} or {@code {"all": true}}. */
    record Targets(List<String> userIds, Boolean all) {
    }

    record Kick(List<String> userIds) {
    }
}
