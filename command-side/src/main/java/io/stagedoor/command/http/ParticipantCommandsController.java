package io.stagedoor.command.http;

import io.stagedoor.command.engine.PresetCatalog;
import io.stagedoor.command.engine.StageReader;
import io.stagedoor.command.identity.ParticipantTokens;
import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.ChangeParticipantPermissions;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.RemoveParticipant;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.PermissionsPatch;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.platform.web.ApiContract;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Add and remove participants, change their permissions, issue their tokens. */
@RestController
class ParticipantCommandsController {

    private final CommandExecutor executor;
    private final ActorResolver actors;
    private final PresetCatalog presets;
    private final ParticipantTokens tokens;
    private final StageReader stages;

    ParticipantCommandsController(CommandExecutor executor, ActorResolver actors, PresetCatalog presets,
                                  ParticipantTokens tokens, StageReader stages) {
        this.executor = executor;
        this.actors = actors;
        this.presets = presets;
        this.tokens = tokens;
        this.stages = stages;
    }

    /** Adds a participant with a preset; the answer carries the participant's token. */
    @ApiContract(summary = "Add a participant with a preset",
            description = "The participant starts at its resting status (ACCEPTED_TO_JOIN_STAGE if it may join directly, "
                    + "else OFF_STAGE). The answer carries its token.",
            requestExample = "{\"userId\": \"viewer-7\", \"name\": \"Ada\", \"preset\": \"webinar_viewer\"}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 3, \"outcomes\": [{\"userId\": \"viewer-7\", \"to\": \"OFF_STAGE\", \"changed\": true}], \"token\": \"eyJraWQiOi...\", \"tokenExpiresAt\": \"2026-11-23T11:00:00Z\"}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.MEETING_NOT_FOUND, ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/participants")
    ResponseEntity<?> add(@PathVariable String meetingId, @RequestBody Bodies.AddParticipant body,
                          @RequestHeader(value = ActorResolver.ACTING_USER, required = false) String actingUser,
                          HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        if (body.userId() == null || body.preset() == null) {
            throw new InvalidInput("a participant needs a userId and a preset");
        }
        UserId userId = UserId.of(body.userId());
        Preset preset = presets.find(PresetName.of(body.preset()))
                               .orElseThrow(() -> new InvalidInput("unknown preset '" + body.preset() + "'"));
        AddParticipant command = new AddParticipant(meeting, userId, body.name(), preset,
                actors.actorIn(meeting, actingUser));
        return executor.execute(request, body, command, (CommandOutcome outcome) -> {
            // the outcome's version (also a replayed one's): the participant is in the meeting from there on
            ParticipantTokens.IssuedToken token = tokens.issue(meeting, userId, outcome.version());
            return ResponseEntity.ok(new Answers.ParticipantAdded(outcome.meetingId().value(), outcome.version(),
                    outcome.outcomes().stream().map(Answers.Outcome::of).toList(), token.token(), token.expiresAt()));
        });
    }

    /** A fresh token for a participant. Services only. */
    @ApiContract(summary = "Issue a fresh token for a participant (services only)", command = false,
            answerExample = "{\"meetingId\": \"town-hall\", \"userId\": \"viewer-7\", \"token\": \"eyJraWQiOi...\", \"expiresAt\": \"2026-11-23T11:00:00Z\"}",
            refusals = {ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND})
    @PostMapping("/v1/meetings/{meetingId}/participants/{userId}/token")
    Answers.Token token(@PathVariable String meetingId, @PathVariable String userId,
                        @RequestHeader(value = ActorResolver.ACTING_USER, required = false) String actingUser) {
        MeetingId meeting = MeetingId.of(meetingId);
        UserId user = UserId.of(userId);
        actors.service(actingUser);
        long version = stages.versionWithParticipant(meeting, user).orElseThrow(() -> new RequestRefused(
                ErrorCode.PARTICIPANT_NOT_FOUND, "'" + user + "' is not a participant of this meeting"));
        ParticipantTokens.IssuedToken token = tokens.issue(meeting, user, version);
        return new Answers.Token(meeting.value(), user.value(), token.token(), token.expiresAt());
    }

    @ApiContract(summary = "Remove a participant (it left the meeting, or was removed)",
            description = "A pending request is dropped, an ON or ACCEPTED participant goes OFF, then the participant is gone.",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 12, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND,
                    ErrorCode.MEETING_ENDED})
    @DeleteMapping("/v1/meetings/{meetingId}/participants/{userId}")
    ResponseEntity<?> remove(@PathVariable String meetingId, @PathVariable String userId,
                             @RequestHeader(value = ActorResolver.ACTING_USER, required = false) String actingUser,
                             HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        RemoveParticipant command = new RemoveParticipant(meeting, UserId.of(userId), actors.actorIn(meeting, actingUser));
        return executor.execute(request, null, command,
                (CommandOutcome outcome) -> ResponseEntity.ok(Answers.Command.of(outcome)));
    }

    @ApiContract(summary = "Change a participant's permissions (any subset of the four)",
            description = "Applies at once: NOT_ALLOWED or disabled sends the participant OFF; ALLOWED accepts it.",
            requestExample = "{\"stageAccess\": \"NOT_ALLOWED\"}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 13, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", \"to\": \"OFF_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND,
                    ErrorCode.MEETING_ENDED})
    @PatchMapping("/v1/meetings/{meetingId}/participants/{userId}/permissions")
    ResponseEntity<?> changePermissions(@PathVariable String meetingId, @PathVariable String userId,
                                        @RequestBody Bodies.ChangePermissions body,
                                        @RequestHeader(value = ActorResolver.ACTING_USER, required = false) String actingUser,
                                        HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        ChangeParticipantPermissions command = new ChangeParticipantPermissions(meeting, UserId.of(userId),
                new PermissionsPatch(body.stageEnabled(), body.stageAccess(), body.acceptStageRequests(),
                        body.canChangeParticipantPermissions()),
                actors.actorIn(meeting, actingUser));
        return executor.execute(request, body, command,
                (CommandOutcome outcome) -> ResponseEntity.ok(Answers.Command.of(outcome)));
    }
}
