package io.stagedoor.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What the event store holds, read straight from its table: the ground truth tests compare answers with. */
public final class EventTable {

    private EventTable() {
    }

    /** The global index of the newest stored event. */
    public static long head(TestDatabase.Credentials database) throws SQLException {
        try (Connection connection = database.connect();
             ResultSet max = connection.createStatement().executeQuery("SELECT max(globalIndex) FROM domain_event_entry")) {
            max.next();
            return max.getLong(1);
        }
    }

    /** The versions (sequence numbers) of a meeting's stored events of the given types, e.g. {@code StageJoined}. */
    public static List<Long> versions(TestDatabase.Credentials database, String meeting, String... eventTypes)
            throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("SELECT sequenceNumber FROM domain_event_entry "
                     + "WHERE aggregateIdentifier = ? AND payloadType = ANY (?) ORDER BY sequenceNumber")) {
            query.setString(1, meeting);
            Object[] payloadTypes = Arrays.stream(eventTypes).map(type -> "io.stagedoor.kernel.event." + type).toArray();
            query.setArray(2, connection.createArrayOf("text", payloadTypes));
            try (ResultSet rows = query.executeQuery()) {
                List<Long> versions = new ArrayList<>();
                while (rows.next()) {
                    versions.add(rows.getLong(1));
                }
                return versions;
            }
        }
    }
}
