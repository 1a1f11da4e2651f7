package io.stagedoor.command.http;

import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.stage.MeetingSettingsPatch;
import io.stagedoor.kernel.stage.StageAccess;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.stagedoor.kernel.stage.MeetingSettings.MAX_ON_STAGE;
import static io.stagedoor.kernel.stage.MeetingSettings.MAX_PENDING_REQUESTS;
import static io.stagedoor.kernel.stage.MeetingSettings.MAX_PRESENCE_GRACE_SECONDS;
import static io.stagedoor.kernel.stage.MeetingSettings.MAX_TIMEOUT_SECONDS;
import static io.stagedoor.kernel.stage.MeetingSettings.MAX_TITLE_LENGTH;
import static io.stagedoor.kernel.stage.MeetingSettings.MIN_ON_STAGE;
import static io.stagedoor.kernel.stage.MeetingSettings.MIN_PENDING_REQUESTS;
import static io.stagedoor.kernel.stage.MeetingSettings.MIN_PRESENCE_GRACE_SECONDS;
import static io.stagedoor.kernel.stage.MeetingSettings.MIN_TIMEOUT_SECONDS;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Request bodies of the command API. Unknown fields are refused (2011); ids are checked when commands are built. A
 * field the controller refuses a request without is {@code @Schema(requiredMode = REQUIRED)}, so the API description
 * lists it as required.
 */
final class Bodies {

    private Bodies() {
    }

    /** {@code autoAccept} absent or null is false; the other settings absent or null are not set. */
    record CreateMeeting(String meetingId, @Schema(maxLength = MAX_TITLE_LENGTH) String title,
                         @Schema(minimum = "" + MIN_ON_STAGE, maximum = "" + MAX_ON_STAGE) Integer maxOnStage,
                         @Schema(minimum = "" + MIN_TIMEOUT_SECONDS, maximum = "" + MAX_TIMEOUT_SECONDS)
                         Integer requestTimeoutSeconds,
                         Boolean autoAccept,
                         @Schema(minimum = "" + MIN_TIMEOUT_SECONDS, maximum = "" + MAX_TIMEOUT_SECONDS)
                         Integer acceptTimeoutSeconds,
                         @Schema(minimum = "" + MIN_PENDING_REQUESTS, maximum = "" + MAX_PENDING_REQUESTS)
                         Integer maxPendingRequests,
                         @Schema(minimum = "" + MIN_PRESENCE_GRACE_SECONDS, maximum = "" + MAX_PRESENCE_GRACE_SECONDS)
                         Integer presenceGraceSeconds) {
    }

    /**
     * Merge-patch ({@code application/merge-patch+json} meaning, sent as JSON): an absent field keeps the setting,
     * {@code null} clears it ({@code autoAccept}: false), a value sets it. Read from the JSON tree, because a record
     * cannot tell absent from null; the API description gives this record's components as the body's schema,
     * {@code MeetingSettingsPatch}.
     */
    @Schema(name = "MeetingSettingsPatch", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
            description = "A JSON merge patch of the meeting's settings: an absent field keeps the setting, null "
                    + "clears it (no limit; autoAccept false), a value sets it. Unknown fields are refused (2011).")
    record ChangeMeetingSettings(
            @Schema(types = {"string", "null"}, maxLength = MAX_TITLE_LENGTH) Optional<String> title,
            @Schema(types = {"integer", "null"}, minimum = "" + MIN_ON_STAGE, maximum = "" + MAX_ON_STAGE)
            Optional<Integer> maxOnStage,
            @Schema(types = {"integer", "null"}, minimum = "" + MIN_TIMEOUT_SECONDS, maximum = "" + MAX_TIMEOUT_SECONDS)
            Optional<Integer> requestTimeoutSeconds,
            @Schema(types = {"boolean", "null"}) Optional<Boolean> autoAccept,
            @Schema(types = {"integer", "null"}, minimum = "" + MIN_TIMEOUT_SECONDS, maximum = "" + MAX_TIMEOUT_SECONDS)
            Optional<Integer> acceptTimeoutSeconds,
            @Schema(types = {"integer", "null"}, minimum = "" + MIN_PENDING_REQUESTS,
                    maximum = "" + MAX_PENDING_REQUESTS)
            Optional<Integer> maxPendingRequests,
            @Schema(types = {"integer", "null"}, minimum = "" + MIN_PRESENCE_GRACE_SECONDS,
                    maximum = "" + MAX_PRESENCE_GRACE_SECONDS)
            Optional<Integer> presenceGraceSeconds) {

        /** The fields a settings change may have (the API description's {@code MeetingSettingsPatch} lists these). */
        static final Set<String> FIELDS = Set.of("title", "maxOnStage", "requestTimeoutSeconds", "autoAccept",
                "acceptTimeoutSeconds", "maxPendingRequests", "presenceGraceSeconds");

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
                    integer(body, "requestTimeoutSeconds"), bool(body, "autoAccept"),
                    integer(body, "acceptTimeoutSeconds"), integer(body, "maxPendingRequests"),
                    integer(body, "presenceGraceSeconds"));
        }

        MeetingSettingsPatch patch() {
            return new MeetingSettingsPatch(title, maxOnStage, requestTimeoutSeconds, autoAccept, acceptTimeoutSeconds,
                    maxPendingRequests, presenceGraceSeconds);
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

        private static Optional<Boolean> bool(JsonNode body, String field) {
            JsonNode value = body.get(field);
            if (value == null) {
                return null;
            }
            if (!value.isNull() && !value.isBoolean()) {
                throw new InvalidInput("field '" + field + "' must be true, false or null");
            }
            return value.isNull() ? Optional.empty() : Optional.of(value.asBoolean());
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

    /** All four are needed: a preset names every permission. */
    record DefinePreset(@Schema(requiredMode = REQUIRED) Boolean stageEnabled,
                        @Schema(requiredMode = REQUIRED) StageAccess stageAccess,
                        @Schema(requiredMode = REQUIRED) Boolean acceptStageRequests,
                        @Schema(requiredMode = REQUIRED) Boolean canChangeParticipantPermissions) {
    }

    record AddParticipant(@Schema(requiredMode = REQUIRED) String userId, String name,
                          @Schema(requiredMode = REQUIRED) String preset) {
    }

    /** Up to 1,000 participants added in one command; {@code tokens: true} asks for a token for each. */
    record AddParticipants(@Schema(requiredMode = REQUIRED) List<AddParticipant> participants, Boolean tokens) {
    }

    /** Any subset of the four permissions. */
    record ChangePermissions(Boolean stageEnabled, StageAccess stageAccess, Boolean acceptStageRequests,
                             Boolean canChangeParticipantPermissions) {
    }

    /** {@code {"userIds": [...]}} or {@code {"all": true}}. */
    record Targets(List<String> userIds, Boolean all) {
    }

    /** Whom to grant: {@code {"userIds": [...]}}, {@code {"all": true}} or {@code {"next": N}} (the N oldest requests). */
    record Grant(List<String> userIds, Boolean all, Integer next) {
    }

    record Kick(@Schema(requiredMode = REQUIRED) List<String> userIds) {
    }
}
