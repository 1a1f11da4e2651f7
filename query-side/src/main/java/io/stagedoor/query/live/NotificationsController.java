package io.stagedoor.query.live;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.platform.identity.Caller;
import io.stagedoor.platform.web.ApiContract;
import io.stagedoor.query.api.MeetingReaders;
import io.stagedoor.query.projection.ReadModelVersions;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/** Live notifications of a meeting as Server-Sent Events. */
@RestController
class NotificationsController {

    private final LiveNotifications live;
    private final MeetingReaders readers;
    private final ReadModelVersions versions;

    NotificationsController(LiveNotifications live, MeetingReaders readers, ReadModelVersions versions) {
        this.live = live;
        this.readers = readers;
        this.versions = versions;
    }

    @ApiContract(summary = "Live notifications (Server-Sent Events, names as in RealtimeKit)", command = false,
            description = "Each event's id is the meeting version that produced it. Reconnect with Last-Event-ID (or "
                    + "?lastEventId=) to receive everything missed, in order, then the live stream. A service sees "
                    + "every notification; a participant what concerns it and everyone, and with acceptStageRequests "
                    + "also the request queue. Each event's name and its data (JSON; `?` marks what may be absent):\n\n"
                    + "- `stageStatusUpdate` (to the participant): `{userId, oldStatus, newStatus, reason?}`, the "
                    + "statuses as in the overview;\n"
                    + "- `stageRequestApproved`, `stageRequestRejected` (to the participant): `{userId, by, reason?}`, "
                    + "`by` who decided (service:stagedoor when the engine did);\n"
                    + "- `newStageRequest` (to the queue's readers): `{userId, name?, count}`, `count` the requests "
                    + "waiting;\n"
                    + "- `stageAccessRequestUpdate` (to the queue's readers): `{requests}`, the whole queue, each "
                    + "request as GET .../stage/requests lists it;\n"
                    + "- `peerRequestToJoinStage`, `peerAcceptedToJoinStage`, `peerRejectedToJoinStage`, "
                    + "`peerStartedPresenting`, `peerStoppedPresenting` (to everyone): `{userId}`;\n"
                    + "- `meetingUpdate` (to everyone; beyond RealtimeKit): `{type, userId?}` — the meeting changed "
                    + "outside the stage: `type` is the change feed's name of the event (meeting.settings_changed, "
                    + "meeting.ended, participant.added, participant.removed, participant.permissions_changed), "
                    + "`userId` who, for a participant — so a client that keeps the meeting on screen knows when to "
                    + "read it again.\n\n"
                    + "`reason` is there when the engine decided (auto-accept, acceptance expired, presence lost) and "
                    + "absent otherwise.",
            refusals = {ErrorCode.MEETING_NOT_FOUND, ErrorCode.RATE_LIMITED})
    @GetMapping(path = "/v1/meetings/{meetingId}/stage/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<ResponseBodyEmitter> events(@PathVariable String meetingId,
                      @RequestHeader(value = "Last-Event-ID", required = false) String lastEventIdHeader,
                      @RequestParam(value = "lastEventId", required = false) String lastEventIdParameter,
                      @RequestParam(required = false) Long minVersion) {
        Opening opening = opening(meetingId, lastEventIdHeader, lastEventIdParameter, minVersion);
        return streamHeaders().body(live.open(opening.meeting(), opening.viewer(), opening.lastEventId()));
    }

    /**
     * HEAD answers what GET would (the stream's headers, or its refusal) without opening a stream: a stream opened
     * for HEAD has no body to write to, so it would never notice its client leaving, would hold one of the viewer's
     * streams for good, and would keep the client's kept-alive connection from serving its next request.
     */
    @ApiContract(summary = "Whether the live notifications stream would open, without opening it", command = false,
            description = "The headers GET would answer, or its refusal; no stream is held.",
            refusals = {ErrorCode.MEETING_NOT_FOUND})
    @RequestMapping(method = RequestMethod.HEAD, path = "/v1/meetings/{meetingId}/stage/events")
    ResponseEntity<Void> eventsHead(@PathVariable String meetingId,
                                    @RequestHeader(value = "Last-Event-ID", required = false) String lastEventIdHeader,
                                    @RequestParam(value = "lastEventId", required = false) String lastEventIdParameter,
                                    @RequestParam(required = false) Long minVersion) {
        live.requireMeeting(opening(meetingId, lastEventIdHeader, lastEventIdParameter, minVersion).meeting());
        return streamHeaders().build();
    }

    /** What a stream is opened with, once the caller may read the meeting and the request is well-formed. */
    private record Opening(MeetingId meeting, Viewer viewer, Long lastEventId) {
    }

    private Opening opening(String meetingId, String lastEventIdHeader, String lastEventIdParameter, Long minVersion) {
        MeetingId meeting = MeetingId.of(meetingId);
        if (minVersion != null) {
            versions.awaitVersion(meeting, minVersion);
        }
        Caller caller = readers.caller(meeting);
        Viewer viewer = caller instanceof Caller.Service service ? new Viewer.Service(service.name())
                : new Viewer.Participant(((Caller.Participant) caller).userId(),
                                         ((Caller.Participant) caller).confirmedVersion());
        return new Opening(meeting, viewer, lastEventId(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParameter));
    }

    private static ResponseEntity.BodyBuilder streamHeaders() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noStore())
                             .header("X-Accel-Buffering", "no");
    }

    private static Long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id < -1) {
                throw new InvalidInput("Last-Event-ID must be a version this stream sent");
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidInput("Last-Event-ID must be a version this stream sent");
        }
    }
}
