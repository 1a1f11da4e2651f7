package io.stagedoor.command.http;

import io.stagedoor.kernel.command.DefinePreset;
import io.stagedoor.kernel.command.PresetOutcome;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.platform.web.ApiContract;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Define or replace a preset. Services only. */
@RestController
class PresetController {

    private final CommandExecutor executor;

    PresetController(CommandExecutor executor) {
        this.executor = executor;
    }

    @ApiContract(answer = Answers.Preset.class, summary = "Define or replace a preset (services only)", successStatuses = {201, 200},
            description = "Built-in presets cannot be replaced. Participants already added keep their permissions.",
            requestExample = "{\"stageEnabled\": true, \"stageAccess\": \"CAN_REQUEST\", \"acceptStageRequests\": true, \"canChangeParticipantPermissions\": false}",
            answerExample = "{\"name\": \"moderator\", \"stageEnabled\": true, \"stageAccess\": \"CAN_REQUEST\", \"acceptStageRequests\": true, \"canChangeParticipantPermissions\": false, \"version\": 0, \"changed\": true}")
    @PutMapping("/v1/presets/{name}")
    ResponseEntity<?> define(@PathVariable String name, @RequestBody Bodies.DefinePreset body, Acting acting,
                             HttpServletRequest request) {
        if (body.stageEnabled() == null || body.stageAccess() == null || body.acceptStageRequests() == null
                || body.canChangeParticipantPermissions() == null) {
            throw new InvalidInput("a preset names all four of stageEnabled, stageAccess, acceptStageRequests, "
                    + "canChangeParticipantPermissions");
        }
        DefinePreset command = new DefinePreset(PresetName.of(name), new StagePermissions(body.stageEnabled(),
                body.stageAccess(), body.acceptStageRequests(), body.canChangeParticipantPermissions()),
                acting.service());
        return executor.execute(request, body, command, (PresetOutcome outcome) ->
                ResponseEntity.status(outcome.changed() && outcome.version() == 0 ? HttpStatus.CREATED : HttpStatus.OK)
                              .body(Answers.Preset.of(outcome)));
    }
}
