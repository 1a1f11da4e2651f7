package io.stagedoor.query.feed;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.platform.web.ApiContract;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

/** The change feed across meetings (services only): pages, a live stream, exports; and the event catalogue. */
@RestController
class FeedController {

    private static final String FEED = "the change feed";

    private final Feed feed;
    private final FeedStreams streams;
    private final JsonMapper json;

    FeedController(Feed feed, FeedStreams streams, JsonMapper json) {
        this.feed = feed;
        this.streams = streams;
        this.json = json;
    }

    /** A page of the feed: {@code next} is the position to pass as {@code after} for the following one. */
    record FeedPage(List<FeedEvent> events, long next) {
    }

    @ApiContract(summary = "The change feed: every event of every meeting, in commit order", command = false,
            description = "Services only. Pass `next` as `after` for the following page; an empty page keeps `next` "
                    + "(poll again later). `types` is a comma-separated list from GET /v1/event-types. The same URL "
                    + "streams live with Accept: text/event-stream (id = position; resume with Last-Event-ID) and "
                    + "exports with Accept: text/csv or application/x-ndjson. A participant event may carry `reason` "
                    + "(why the engine, service:stagedoor, decided) and `expiresAt` (when the request or acceptance "
                    + "it made expires).",
            answerExample = "{\"events\": [{\"position\": 41, \"type\": \"stage.joined\", \"meetingId\": \"town-hall\", "
                    + "\"version\": 7, \"occurredAt\": \"2026-11-23T10:02:00Z\", \"actor\": \"ada\", \"userId\": \"ada\", "
                    + "\"from\": \"ACCEPTED_TO_JOIN_STAGE\", \"to\": \"ON_STAGE\"}], \"next\": 41}")
    @GetMapping("/v1/events")
    FeedPage page(@RequestParam(required = false) Long after, @RequestParam(required = false) Integer limit,
                  @RequestParam(required = false) String meetingId, @RequestParam(required = false) String types) {
        ServicesOnly.require(FEED);
        Feed.Page page = feed.page(filter(after, meetingId, types), limit(limit));
        return new FeedPage(page.events(), page.next());
    }

    @ApiContract(summary = "The change feed, live (Server-Sent Events)", command = false,
            description = "Each event's id is its position, its name the event type, its data the feed event. Resume "
                    + "with Last-Event-ID (or ?after=) to receive everything after it, then the live stream.",
            refusals = {ErrorCode.RATE_LIMITED})
    @GetMapping(path = "/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<ResponseBodyEmitter> stream(@RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                               @RequestParam(required = false) Long after,
                                               @RequestParam(required = false) String meetingId,
                                               @RequestParam(required = false) String types) {
        ServicesOnly.require(FEED);
        Feed.Filter filter = filter(lastEventId == null || lastEventId.isBlank() ? after : position(lastEventId),
                meetingId, types);
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noStore())
                             .header("X-Accel-Buffering", "no").body(streams.open(filter));
    }

    @ApiContract(summary = "The change feed as CSV or NDJSON, streamed", command = false,
            description = "Everything after `after` (at most `limit` events, if given), written as it is read.")
    @GetMapping(path = "/v1/events", produces = {Export.CSV, Export.NDJSON})
    void export(@RequestParam(required = false) Long after, @RequestParam(required = false) Long limit,
                @RequestParam(required = false) String meetingId, @RequestParam(required = false) String types,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServicesOnly.require(FEED);
        Feed.Filter filter = filter(after, meetingId, types);
        if (limit != null && limit < 1) {
            throw new InvalidInput("limit must be positive");
        }
        String format = Export.format(MediaType.parseMediaTypes(request.getHeader(HttpHeaders.ACCEPT)));
        response.setContentType(Export.mediaType(format).toString());
        Export export = Export.open(format, response.getOutputStream(), json, FeedEvent.HEADER);
        feed.forEach(filter, limit == null ? Long.MAX_VALUE : limit, events -> {
            for (FeedEvent event : events) {
                export.write(event);
            }
            export.flush();
            return true;
        });
        export.flush();
    }

    @ApiContract(summary = "The event catalogue: every event type the feed and webhooks carry", command = false)
    @GetMapping("/v1/event-types")
    List<EventTypes.EventType> eventTypes() {
        ServicesOnly.require(FEED);
        return EventTypes.all();
    }

    private static Feed.Filter filter(Long after, String meetingId, String types) {
        return new Feed.Filter(after == null ? 0 : after, meetingId == null ? null : MeetingId.of(meetingId),
                Feed.Filter.types(types));
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return Feed.DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > Feed.MAX_LIMIT) {
            throw new InvalidInput("limit must be between 1 and " + Feed.MAX_LIMIT);
        }
        return limit;
    }

    private static long position(String lastEventId) {
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInput("Last-Event-ID must be a position this feed sent");
        }
    }
}
