package io.stagedoor.command.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.command.PresetOutcome;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StageStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Response bodies of the command API. */
final class Answers {

    private Answers() {
    }

    /** {@code {meetingId, version, outcomes}}: what a command did, participant by participant. */
    record Command(String meetingId, long version, List<Outcome> outcomes) {
        static Command of(CommandOutcome outcome) {
            return new Command(outcome.meetingId().value(), outcome.version(),
                    outcome.outcomes().stream().map(Outcome::of).toList());
        }
    }

    /**
     * {@code from} is absent for a participant the command added, {@code to} for one it removed; {@code reason}, for an
     * unchanged participant, is the reason's documented text.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Outcome(@Schema(requiredMode = REQUIRED) String userId, StageStatus from, StageStatus to, boolean changed,
                   String reason) {
        static Outcome of(TargetOutcome outcome) {
            return new Outcome(outcome.userId().value(), outcome.from(), outcome.to(), outcome.changed(),
                    outcome.reason() == null ? null : outcome.reason().text());
        }
    }

    /**
     * A meeting as it is after create or settings change; {@code changed} false if it already was. Settings not set are
     * left out, but {@code autoAccept} is always there. {@code outcomes}: the participants the change admitted (turning
     * autoAccept on, or raising maxOnStage while autoAccept is on, grants waiting requests).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Meeting(@Schema(requiredMode = REQUIRED) String meetingId, long version, boolean changed, String title,
                   Integer maxOnStage, Integer requestTimeoutSeconds, boolean autoAccept, Integer acceptTimeoutSeconds,
                   Integer maxPendingRequests, Integer presenceGraceSeconds,
                   @Schema(requiredMode = REQUIRED) List<Outcome> outcomes) {
        static Meeting of(MeetingOutcome outcome) {
            MeetingSettings settings = outcome.settings();
            return new Meeting(outcome.meetingId().value(), outcome.version(), outcome.changed(),
                    settings.title(), settings.maxOnStage(), settings.requestTimeoutSeconds(), settings.autoAccept(),
                    settings.acceptTimeoutSeconds(), settings.maxPendingRequests(), settings.presenceGraceSeconds(),
                    outcome.outcomes().stream().map(Outcome::of).toList());
        }
    }

    /** Adding a participant: the command's answer plus the participant's token (never in {@code toString}: logs). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ParticipantAdded(@Schema(requiredMode = REQUIRED) String meetingId, long version,
                            @Schema(requiredMode = REQUIRED) List<Outcome> outcomes, String token,
                            Instant tokenExpiresAt) {
        @Override
        public String toString() {
            return "ParticipantAdded[meetingId=" + meetingId + ", version=" + version + ", outcomes=" + outcomes
                    + ", token=(redacted), tokenExpiresAt=" + tokenExpiresAt + "]";
        }
    }

    record Token(String meetingId, String userId, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[meetingId=" + meetingId + ", userId=" + userId + ", token=(redacted), expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * Adding participants in one command: the command's answer, and with {@code tokens: true} a token for every
     * participant of the batch, in its order (never in {@code toString}: logs).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ParticipantsAdded(@Schema(requiredMode = REQUIRED) String meetingId, long version,
                             @Schema(requiredMode = REQUIRED) List<Outcome> outcomes, List<IssuedToken> tokens) {
        @Override
        public String toString() {
            return "ParticipantsAdded[meetingId=" + meetingId + ", version=" + version + ", outcomes=" + outcomes
                    + ", tokens=" + tokens + "]";
        }
    }

    /** One participant's token in a batch answer. */
    record IssuedToken(String userId, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[userId=" + userId + ", token=(redacted), expiresAt=" + expiresAt + "]";
        }
    }

    record Preset(String name, boolean stageEnabled, StageAccess stageAccess, boolean acceptStageRequests,
                  boolean canChangeParticipantPermissions, long version, boolean changed) {
        static Preset of(PresetOutcome outcome) {
            var permissions = outcome.preset().permissions();
            return new Preset(outcome.preset().name().value(), permissions.stageEnabled(), permissions.stageAccess(),
                    permissions.acceptStageRequests(), permissions.canChangeParticipantPermissions(),
                    outcome.version(), outcome.changed());
        }
    }
}
