package io.stagedoor.query.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.platform.web.ApiContract;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.projection.ReadModelVersions;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.stagedoor.query.api.StageQueryController.notFound;
import static io.stagedoor.query.api.StageQueryController.versioned;

/** The participants of a meeting, with their status and permissions. */
@RestController
class ParticipantQueryController {

    private final ReadModel readModel;
    private final MeetingReaders readers;
    private final ReadModelVersions versions;

    ParticipantQueryController(ReadModel readModel, MeetingReaders readers, ReadModelVersions versions) {
        this.readModel = readModel;
        this.readers = readers;
        this.versions = versions;
    }

    record Participants(String meetingId, long version, List<ReadModel.Participant> participants,
                        @Schema(types = {"string", "null"}) String next) {
    }

    /** One participant, with its meeting and the meeting's version (the list's items carry neither). */
    record MeetingParticipant(String meetingId, long version, String userId,
                              @Schema(types = {"string", "null"}) String name,
                              String preset, StageStatus status, ReadModel.Permissions permissions, Instant since) {
    }

    @ApiContract(summary = "Participants with status and permissions, by user id, paginated", command = false,
            description = "Filter with status=ON_STAGE etc.; pass `next` as `cursor` for the next page (limit ≤ 1000).",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 12, \"participants\": [{\"userId\": \"viewer-7\", "
                    + "\"name\": \"Ada\", \"preset\": \"webinar_viewer\", \"status\": \"OFF_STAGE\", \"permissions\": "
                    + "{\"stageEnabled\": true, \"stageAccess\": \"CAN_REQUEST\", \"acceptStageRequests\": false, "
                    + "\"canChangeParticipantPermissions\": false}, \"since\": \"2026-11-23T10:00:00Z\"}], \"next\": null}",
            refusals = {ErrorCode.MEETING_NOT_FOUND})
    @GetMapping("/v1/meetings/{meetingId}/participants")
    ResponseEntity<Participants> list(@PathVariable String meetingId, @RequestParam(required = false) Long minVersion,
                                      @RequestParam(required = false) String status,
                                      @RequestParam(required = false) Integer limit,
                                      @RequestParam(required = false) String cursor) {
        MeetingId meeting = MeetingId.of(meetingId);
        if (minVersion != null) {
            versions.awaitVersion(meeting, minVersion);
        }
        readers.of(meeting);
        ReadModel.Page<ReadModel.Participant> page = readModel.participants(meeting, status(status), cursor,
                Cursor.limit(limit)).orElseThrow(() -> notFound(meeting));
        return versioned(page.version(), new Participants(meeting.value(), page.version(), page.items(), page.next()));
    }

    @ApiContract(summary = "One participant: status, permissions, preset, since", command = false,
            refusals = {ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND})
    @GetMapping("/v1/meetings/{meetingId}/participants/{userId}")
    ResponseEntity<MeetingParticipant> one(@PathVariable String meetingId, @PathVariable String userId,
                                           @RequestParam(required = false) Long minVersion) {
        MeetingId meeting = MeetingId.of(meetingId);
        UserId user = UserId.of(userId);
        if (minVersion != null) {
            versions.awaitVersion(meeting, minVersion);
        }
        readers.of(meeting);
        ReadModel.Page<ReadModel.Participant> page = readModel.participant(meeting, user).orElseThrow(() -> notFound(meeting));
        ReadModel.Participant p = page.items().stream().findFirst().orElseThrow(() -> new RequestRefused(
                ErrorCode.PARTICIPANT_NOT_FOUND, "'" + user + "' is not a participant of this meeting"));
        return versioned(page.version(), new MeetingParticipant(meeting.value(), page.version(), p.userId(), p.name(),
                p.preset(), p.status(), p.permissions(), p.since()));
    }

    private static StageStatus status(String status) {
        if (status == null) {
            return null;
        }
        return Arrays.stream(StageStatus.values()).filter(s -> s.name().equals(status)).findFirst()
                     .orElseThrow(() -> new InvalidInput("status must be one of " + Arrays.toString(StageStatus.values())));
    }
}
