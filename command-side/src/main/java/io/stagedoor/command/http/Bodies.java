package io.stagedoor.command.http;

import io.stagedoor.kernel.stage.StageAccess;

import java.util.List;
import java.util.Optional;

/** Request bodies of the command API. Unknown fields are refused (2011); ids are checked when commands are built. */
final class Bodies {

    private Bodies() {
    }

    record CreateMeeting(String meetingId, String title, Integer maxOnStage, Integer requestTimeoutSeconds) {
    }

    /** Merge-patch: an absent field keeps the setting, {@code null} clears it, a value sets it. */
    record ChangeMeetingSettings(Optional<String> title, Optional<Integer> maxOnStage,
                                 Optional<Integer> requestTimeoutSeconds) {
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
