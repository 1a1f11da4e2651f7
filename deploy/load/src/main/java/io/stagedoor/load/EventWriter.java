package io.stagedoor.load;

import io.stagedoor.kernel.event.StageEvent;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes long histories straight into the event store, in exactly the form the command side stores them, so the
 * rebuild and long-history scenarios do not have to wait for a million commands. Every meeting it writes is valid:
 * created, participants added, then join/leave (or request/grant/join/leave) cycles.
 */
final class EventWriter implements AutoCloseable {

    private static final String EVENTS = StageEvent.class.getPackageName() + ".";
    private static final byte[] NO_METADATA = "{}".getBytes(StandardCharsets.UTF_8);

    private final Connection connection;
    private final PreparedStatement insert;
    private int batched;

    EventWriter(String jdbcUrl, String user, String password) throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                user, password);
        connection.setAutoCommit(false);
        insert = connection.prepareStatement("INSERT INTO domain_event_entry (eventIdentifier, aggregateIdentifier, "
                + "sequenceNumber, type, timeStamp, payloadType, payloadRevision, payload, metaData) "
                + "VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)");
    }

    /** A meeting of {@code events} events: created, a host and viewers added, then stage cycles. */
    void meeting(String meeting, int events, int viewers, Instant start) throws SQLException {
        long sequence = 0;
        Instant at = start;
        write(meeting, sequence++, at, "MeetingCreated", "{\"meetingId\":\"" + meeting + "\",\"settings\":{\"title\":\""
                + meeting + "\",\"maxOnStage\":null,\"requestTimeoutSeconds\":null},\"createdBy\":\"service:bench\","
                + "\"occurredAt\":\"" + at + "\"}");
        write(meeting, sequence++, at, "ParticipantAdded", added(meeting, "host", "webinar_host", true, "ALLOWED", true,
                "ACCEPTED_TO_JOIN_STAGE", at));
        for (int v = 0; v < viewers && sequence < events; v++) {
            write(meeting, sequence++, at, "ParticipantAdded", added(meeting, "v" + v, "webinar_viewer", true,
                    "CAN_REQUEST", false, "OFF_STAGE", at));
        }
        int cycle = 0;
        while (sequence < events) {
            at = at.plusMillis(10);
            String user = viewers == 0 ? "host" : "v" + (cycle % viewers);
            String by = "\"" + user + "\"";
            String common = "\"meetingId\":\"" + meeting + "\",\"userId\":\"" + user + "\"";
            if (viewers == 0) {
                boolean join = cycle % 2 == 0;
                write(meeting, sequence++, at, join ? "StageJoined" : "StageLeft", join
                        ? "{" + common + ",\"joinedBy\":" + by + ",\"occurredAt\":\"" + at + "\"}"
                        : "{" + common + ",\"from\":\"ON_STAGE\",\"to\":\"ACCEPTED_TO_JOIN_STAGE\",\"leftBy\":" + by
                        + ",\"occurredAt\":\"" + at + "\"}");
            } else {
                String[] steps = {
                        "StageAccessRequested", "{" + common + ",\"requestedBy\":" + by + ",\"occurredAt\":\"" + at + "\",\"expiresAt\":null}",
                        "StageAccessGranted", "{" + common + ",\"from\":\"REQUESTED_TO_JOIN_STAGE\",\"grantedBy\":\"host\",\"occurredAt\":\"" + at + "\"}",
                        "StageJoined", "{" + common + ",\"joinedBy\":" + by + ",\"occurredAt\":\"" + at + "\"}",
                        "StageLeft", "{" + common + ",\"from\":\"ON_STAGE\",\"to\":\"OFF_STAGE\",\"leftBy\":" + by + ",\"occurredAt\":\"" + at + "\"}"};
                for (int s = 0; s < steps.length && sequence < events; s += 2) {
                    write(meeting, sequence++, at, steps[s], steps[s + 1]);
                }
            }
            cycle++;
        }
    }

    private static String added(String meeting, String user, String preset, boolean enabled, String access,
                                boolean host, String status, Instant at) {
        return "{\"meetingId\":\"" + meeting + "\",\"userId\":\"" + user + "\",\"name\":\"" + user + "\",\"preset\":\""
                + preset + "\",\"permissions\":{\"stageEnabled\":" + enabled + ",\"stageAccess\":\"" + access
                + "\",\"acceptStageRequests\":" + host + ",\"canChangeParticipantPermissions\":" + host + "},\"status\":\""
                + status + "\",\"addedBy\":\"service:bench\",\"occurredAt\":\"" + at + "\"}";
    }

    private void write(String meeting, long sequence, Instant at, String type, String payload) throws SQLException {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, meeting);
        insert.setLong(3, sequence);
        insert.setString(4, StageEvent.AGGREGATE_TYPE);
        insert.setString(5, at.toString());
        insert.setString(6, EVENTS + type);
        insert.setBytes(7, payload.getBytes(StandardCharsets.UTF_8));
        insert.setBytes(8, NO_METADATA);
        insert.addBatch();
        if (++batched == 5000) {
            flush();
        }
    }

    void flush() throws SQLException {
        insert.executeBatch();
        connection.commit();
        batched = 0;
    }

    @Override
    public void close() throws SQLException {
        flush();
        connection.close();
    }
}
