package io.stagedoor.command.http;

import io.stagedoor.kernel.command.ChangeMeetingSettings;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.EndMeeting;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.web.ApiContract;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** Create a meeting, change its settings, end it. */
@RestController
class MeetingCommandsController {

    private final CommandExecutor executor;

    MeetingCommandsController(CommandExecutor executor) {
        this.executor = executor;
    }

    /** 201 with the new meeting; 200 with the meeting as it is if the id exists. Services only. */
    @ApiContract(answer = Answers.Meeting.class, summary = "Create a meeting (services only)",
            description = "201 with the new meeting; 200 with the meeting as it is if the id already exists. "
                    + "Without meetingId a UUID is chosen. Every setting is optional: title (at most 200 characters), "
                    + "maxOnStage (1-10000), requestTimeoutSeconds (10-86400), autoAccept (default false), "
                    + "acceptTimeoutSeconds (10-86400), maxPendingRequests (1-10000), presenceGraceSeconds (5-3600).",
            requestExample = "{\"meetingId\": \"town-hall\", \"title\": \"Town hall\", \"maxOnStage\": 4, \"requestTimeoutSeconds\": 300, \"autoAccept\": true, \"acceptTimeoutSeconds\": 60, \"maxPendingRequests\": 500, \"presenceGraceSeconds\": 30}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 0, \"changed\": true, \"title\": \"Town hall\", \"maxOnStage\": 4, \"requestTimeoutSeconds\": 300, \"autoAccept\": true, \"acceptTimeoutSeconds\": 60, \"maxPendingRequests\": 500, \"presenceGraceSeconds\": 30, \"outcomes\": []}",
            successStatuses = {201, 200}, refusals = {ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings")
    ResponseEntity<?> create(@RequestBody Bodies.CreateMeeting body, Acting acting,
                             HttpServletRequest request) {
        MeetingId meetingId = body.meetingId() == null ? MeetingId.of(UUID.randomUUID().toString())
                : MeetingId.of(body.meetingId());
        CreateMeeting command = new CreateMeeting(meetingId,
                new MeetingSettings(body.title(), body.maxOnStage(), body.requestTimeoutSeconds(),
                        Boolean.TRUE.equals(body.autoAccept()), body.acceptTimeoutSeconds(), body.maxPendingRequests(),
                        body.presenceGraceSeconds()),
                acting.service());
        return executor.execute(request, body, command, (MeetingOutcome outcome) ->
                ResponseEntity.status(outcome.changed() ? HttpStatus.CREATED : HttpStatus.OK)
                              .location(URI.create("/v1/meetings/" + outcome.meetingId() + "/stage"))
                              .body(Answers.Meeting.of(outcome)));
    }

    @ApiContract(answer = Answers.Meeting.class, summary = "Change meeting settings",
            description = "Merge-patch: an absent field keeps the setting, null clears it (no limit; autoAccept: false), "
                    + "a value sets it, within the bounds of create. outcomes lists the participants the change admitted: "
                    + "turning autoAccept on, or raising maxOnStage while it is on, grants the oldest waiting requests "
                    + "(as service:stagedoor, reason auto-accept).",
            requestExample = "{\"maxOnStage\": 6, \"requestTimeoutSeconds\": null, \"autoAccept\": true}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 10, \"changed\": true, \"title\": \"Town hall\", \"maxOnStage\": 6, \"autoAccept\": true, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", \"to\": \"ACCEPTED_TO_JOIN_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.STAGE_FULL, ErrorCode.MEETING_NOT_FOUND, ErrorCode.MEETING_ENDED})
    @PatchMapping("/v1/meetings/{meetingId}")
    ResponseEntity<?> changeSettings(@PathVariable String meetingId,
                                     @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                             schema = @Schema(implementation = Bodies.ChangeMeetingSettings.class)))
                                     @RequestBody JsonNode json, Acting acting, HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        Bodies.ChangeMeetingSettings body = Bodies.ChangeMeetingSettings.from(json);
        ChangeMeetingSettings command = new ChangeMeetingSettings(meeting, body.patch(), acting.in(meeting));
        return executor.execute(request, body, command,
                (MeetingOutcome outcome) -> ResponseEntity.ok(Answers.Meeting.of(outcome)));
    }

    @ApiContract(answer = Answers.Command.class, summary = "End the meeting",
            description = "Everyone goes OFF_STAGE, the queue is cleared; every later command answers 2008. Reads keep working.",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 31, \"outcomes\": [{\"userId\": \"host-1\", \"from\": \"ON_STAGE\", \"to\": \"OFF_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.MEETING_NOT_FOUND, ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/end")
    ResponseEntity<?> end(@PathVariable String meetingId, Acting acting,
                          HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        return executor.execute(request, null, new EndMeeting(meeting, acting.in(meeting)),
                (CommandOutcome outcome) -> ResponseEntity.ok(Answers.Command.of(outcome)));
    }
}
