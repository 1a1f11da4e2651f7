package io.stagedoor.query.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.platform.web.ApiContract;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.fold.StageOverview;
import io.stagedoor.query.projection.ReadModelVersions;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The stage of a meeting: its overview, its request queue, its audit trail, and how it was at any moment. */
@RestController
class StageQueryController {

    private final ReadModel readModel;
    private final TimeTravel timeTravel;
    private final MeetingReaders readers;
    private final ReadModelVersions versions;

    StageQueryController(ReadModel readModel, TimeTravel timeTravel, MeetingReaders readers, ReadModelVersions versions) {
        this.readModel = readModel;
        this.timeTravel = timeTravel;
        this.readers = readers;
        this.versions = versions;
    }

    record Requests(String meetingId, long version, List<StageOverview.Request> requests,
                    @Schema(types = {"string", "null"}) String next) {
    }

    record History(String meetingId, long version, List<ReadModel.HistoryEntry> entries,
                   @Schema(types = {"string", "null"}) String next) {
    }

    @ApiContract(summary = "The stage of a meeting: settings, on stage, accepted, request queue, counts", command = false,
            description = "The request queue is shown only to services and holders of acceptStageRequests. "
                    + "minVersion waits (up to 5 s) until the read model has reached that version. The settings are "
                    + "the meeting's: title, maxOnStage, requestTimeoutSeconds, autoAccept, acceptTimeoutSeconds, "
                    + "maxPendingRequests, presenceGraceSeconds (an unset one is absent; autoAccept is always there).",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 12, \"title\": \"Town hall\", \"maxOnStage\": 4, "
                    + "\"requestTimeoutSeconds\": 300, \"autoAccept\": true, \"acceptTimeoutSeconds\": 60, "
                    + "\"maxPendingRequests\": 500, \"presenceGraceSeconds\": 30, \"ended\": false, \"createdAt\": \"2026-11-23T10:00:00Z\", \"counts\": {\"participants\": 40, "
                    + "\"onStage\": 1, \"accepted\": 2, \"requested\": 1}, \"onStage\": [{\"userId\": \"host-1\", "
                    + "\"name\": \"Host\", \"since\": \"2026-11-23T10:01:00Z\"}], \"accepted\": [], \"requests\": "
                    + "[{\"userId\": \"viewer-7\", \"name\": \"Ada\", \"requestedAt\": \"2026-11-23T10:02:00Z\", \"position\": 1}]}",
            refusals = {ErrorCode.MEETING_NOT_FOUND})
    @GetMapping("/v1/meetings/{meetingId}/stage")
    ResponseEntity<StageOverview> overview(@PathVariable String meetingId,
                                           @RequestParam(required = false) Long minVersion) {
        MeetingId meeting = MeetingId.of(meetingId);
        awaitIfAsked(meeting, minVersion);
        MeetingReaders.Reader reader = readers.of(meeting);
        StageOverview overview = readModel.overview(meeting).orElseThrow(() -> notFound(meeting));
        return versioned(overview.version(), reader.seesRequests() ? overview : overview.withoutRequests());
    }

    @ApiContract(summary = "The request queue, oldest first (RealtimeKit getAccessRequests)", command = false,
            description = "For services and holders of acceptStageRequests. Paginated: pass `next` as `cursor`.",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 12, \"requests\": [{\"userId\": \"viewer-7\", "
                    + "\"name\": \"Ada\", \"requestedAt\": \"2026-11-23T10:02:00Z\", \"position\": 1}], \"next\": null}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.MEETING_NOT_FOUND})
    @GetMapping("/v1/meetings/{meetingId}/stage/requests")
    ResponseEntity<Requests> requests(@PathVariable String meetingId, @RequestParam(required = false) Long minVersion,
                                      @RequestParam(required = false) Integer limit,
                                      @RequestParam(required = false) String cursor) {
        MeetingId meeting = MeetingId.of(meetingId);
        awaitIfAsked(meeting, minVersion);
        readers.of(meeting).requireRequests();
        ReadModel.Page<StageOverview.Request> page = readModel.requests(meeting, cursor, Cursor.limit(limit))
                                                              .orElseThrow(() -> notFound(meeting));
        return versioned(page.version(), new Requests(meeting.value(), page.version(), page.items(), page.next()));
    }

    @ApiContract(summary = "The audit trail: one entry per decision, in version order", command = false,
            description = "For services and holders of acceptStageRequests. Paginated: pass `next` as `after`. "
                    + "`reason` says why the engine itself (actor service:stagedoor) decided — auto-accept, "
                    + "acceptance expired, presence lost — and is absent when a participant, host or service did.",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 12, \"entries\": [{\"version\": 11, "
                    + "\"occurredAt\": \"2026-11-23T10:02:00Z\", \"type\": \"StageAccessGranted\", \"actor\": \"host-1\", "
                    + "\"userId\": \"viewer-7\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", \"to\": \"ACCEPTED_TO_JOIN_STAGE\"}, "
                    + "{\"version\": 12, \"occurredAt\": \"2026-11-23T10:03:00Z\", \"type\": \"StageAccessGranted\", "
                    + "\"actor\": \"service:stagedoor\", \"userId\": \"viewer-8\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", "
                    + "\"to\": \"ACCEPTED_TO_JOIN_STAGE\", \"reason\": \"auto-accept\"}], \"next\": null}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.MEETING_NOT_FOUND})
    @GetMapping("/v1/meetings/{meetingId}/stage/history")
    ResponseEntity<History> history(@PathVariable String meetingId, @RequestParam(required = false) Long minVersion,
                                    @RequestParam(required = false) Long after,
                                    @RequestParam(required = false) Integer limit) {
        MeetingId meeting = MeetingId.of(meetingId);
        awaitIfAsked(meeting, minVersion);
        readers.of(meeting).requireRequests();
        ReadModel.Page<ReadModel.HistoryEntry> page = readModel.history(meeting, after == null ? -1 : after,
                Cursor.limit(limit)).orElseThrow(() -> notFound(meeting));
        return versioned(page.version(), new History(meeting.value(), page.version(), page.items(), page.next()));
    }

    @ApiContract(summary = "The stage as it was at a moment (?at=ISO-8601) or a version (?version=N)", command = false,
            description = "Rebuilt from the stored events; the same answer as GET /v1/meetings/{meetingId}/stage, "
                    + "settings included, as they were then. The request queue is shown only to those who may see it; "
                    + "who decided what, and why, is in the audit trail (/stage/history) up to that version.",
            refusals = {ErrorCode.MEETING_NOT_FOUND})
    @GetMapping("/v1/meetings/{meetingId}/stage/as-of")
    ResponseEntity<StageOverview> asOf(@PathVariable String meetingId, @RequestParam(required = false) String at,
                                       @RequestParam(required = false) Long version) {
        MeetingId meeting = MeetingId.of(meetingId);
        if ((at == null) == (version == null)) {
            throw new InvalidInput("give exactly one of at (ISO-8601) or version");
        }
        if (version != null && version < 0) {
            throw new InvalidInput("version must not be negative");
        }
        MeetingReaders.Reader reader = readers.of(meeting);
        StageOverview overview = timeTravel.overview(meeting, version, at == null ? null : instant(at))
                                           .orElseThrow(() -> new RequestRefused(ErrorCode.MEETING_NOT_FOUND,
                                                   "meeting '" + meeting + "' did not exist then"));
        return versioned(overview.version(), reader.seesRequests() ? overview : overview.withoutRequests());
    }

    private void awaitIfAsked(MeetingId meeting, Long minVersion) {
        if (minVersion != null) {
            versions.awaitVersion(meeting, minVersion);
        }
    }

    static <T> ResponseEntity<T> versioned(long version, T body) {
        return ResponseEntity.ok().eTag("\"" + version + "\"").body(body);
    }

    static RequestRefused notFound(MeetingId meeting) {
        return new RequestRefused(ErrorCode.MEETING_NOT_FOUND, "meeting '" + meeting + "' does not exist");
    }

    private static Instant instant(String at) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("at must be an ISO-8601 UTC time, like 2026-11-23T10:15:30Z");
        }
    }
}
