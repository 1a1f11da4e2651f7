package io.stagedoor.query.api;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.platform.web.ApiContract;
import io.stagedoor.query.feed.Export;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

/**
 * A meeting's audit trail as CSV or NDJSON, streamed: read a thousand entries at a time, each chunk by its own
 * statement and written before the next is read, so a year of history never sits in memory and no transaction stays
 * open while a slow client reads. Who may export is who may read the history (decisions #32).
 */
@RestController
class HistoryExportController {

    private static final int CHUNK = 1000;
    private static final String[] HEADER = {"version", "occurredAt", "type", "actor", "userId", "from", "to", "reason"};

    private final MeetingReaders readers;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    HistoryExportController(MeetingReaders readers, JdbcTemplate jdbc, JsonMapper json) {
        this.readers = readers;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One history entry as an export row. */
    private record Entry(ReadModel.HistoryEntry entry) implements Export.Row {

        @Override
        public Object json() {
            return entry;
        }

        @Override
        public Object[] values() {
            return new Object[]{entry.version(), entry.occurredAt(), entry.type(), entry.actor(), entry.userId(),
                    entry.from(), entry.to(), entry.reason()};
        }
    }

    @ApiContract(summary = "The audit trail as CSV or NDJSON, streamed", command = false,
            description = "Every entry after `after` (a version), in version order, with the JSON history's fields "
                    + "(CSV: one column each, `reason` empty unless the engine decided). For services and holders of "
                    + "acceptStageRequests.",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.MEETING_NOT_FOUND})
    @GetMapping(path = "/v1/meetings/{meetingId}/stage/history", produces = {Export.CSV, Export.NDJSON})
    void export(@PathVariable String meetingId, @RequestParam(required = false) Long after,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        MeetingId meeting = MeetingId.of(meetingId);
        readers.of(meeting).requireRequests();
        if (jdbc.queryForList("SELECT 1 FROM rm_meeting WHERE meeting_id = ?", meeting.value()).isEmpty()) {
            throw StageQueryController.notFound(meeting);
        }
        String format = Export.format(MediaType.parseMediaTypes(request.getHeader(HttpHeaders.ACCEPT)));
        response.setContentType(Export.mediaType(format).toString());
        Export export = Export.open(format, response.getOutputStream(), json, HEADER);
        long last = after == null ? -1 : after;
        while (true) {
            List<ReadModel.HistoryEntry> chunk = jdbc.query("SELECT * FROM rm_history WHERE meeting_id = ? "
                    + "AND version > ? ORDER BY version LIMIT ?", ReadModel::entry, meeting.value(), last, CHUNK);
            for (ReadModel.HistoryEntry entry : chunk) {
                export.write(new Entry(entry));
            }
            export.flush();
            if (chunk.size() < CHUNK) {
                return;
            }
            last = chunk.get(chunk.size() - 1).version();
        }
    }
}
