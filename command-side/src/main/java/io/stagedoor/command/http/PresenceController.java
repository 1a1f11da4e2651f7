package io.stagedoor.command.http;

import io.stagedoor.command.engine.StageReader;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.presence.PresenceRows;
import io.stagedoor.platform.web.ApiContract;
import io.stagedoor.platform.web.RequestRefused;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Heartbeats (SPEC §8): a participant without a live stream says it is still there. */
@RestController
class PresenceController {

    private final StageReader stages;
    private final PresenceRows presence;

    PresenceController(StageReader stages, PresenceRows presence) {
        this.stages = stages;
        this.presence = presence;
    }

    @ApiContract(summary = "Heartbeat: the participant is present (self, or a service for it)", command = false,
            description = "In a meeting with presenceGraceSeconds, a participant counts as present while it holds a "
                    + "live stream on any query node or has sent this within the grace period; one absent for longer "
                    + "loses its pending request and its seat (reason \"presence lost\"). Send it well within the "
                    + "grace period, e.g. every grace/3 seconds. Records nothing in the meeting's history.",
            successStatuses = 204,
            refusals = {ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND, ErrorCode.RATE_LIMITED})
    @PostMapping("/v1/meetings/{meetingId}/participants/{userId}/presence")
    ResponseEntity<Void> heartbeat(@PathVariable String meetingId, @PathVariable String userId, Acting acting) {
        MeetingId meeting = MeetingId.of(meetingId);
        UserId user = UserId.of(userId);
        acting.self(meeting, user);
        if (stages.versionWithParticipant(meeting, user).isEmpty()) {
            throw new RequestRefused(ErrorCode.PARTICIPANT_NOT_FOUND, "'" + user + "' is not a participant of this meeting");
        }
        presence.seenNow(List.of(new PresenceRows.Seen(meeting.value(), user.value())));
        return ResponseEntity.noContent().build();
    }
}
