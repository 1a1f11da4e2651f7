package io.stagedoor.command.engine;

import io.stagedoor.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads what is stored, straight from PostgreSQL, independent of any application context. */
record EventLog(TestDatabase.Credentials database) {

    /** Simple names of a meeting's stored event types, in sequence order. */
    List<String> eventTypes(String meetingId) {
        return strings("SELECT payloadType FROM domain_event_entry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber",
                meetingId).stream().map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    List<String> payloads(String meetingId) {
        return strings("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregateIdentifier = ? "
                + "ORDER BY sequenceNumber", meetingId);
    }

    long count(String sql, Object... parameters) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends an event as a writer outside the engine would: straight into the table, taking no lock. */
    void appendRaw(String meetingId, long sequenceNumber, String payloadType, String payloadJson) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO domain_event_entry (eventIdentifier, aggregateIdentifier, sequenceNumber, type, timeStamp, "
                        + "payloadType, payload, metaData) VALUES (gen_random_uuid()::text, ?, ?, 'Stage', ?, ?, "
                        + "convert_to(?, 'UTF8'), convert_to('{}', 'UTF8'))")) {
            statement.setString(1, meetingId);
            statement.setLong(2, sequenceNumber);
            statement.setString(3, java.time.Instant.now().toString());
            statement.setString(4, payloadType);
            statement.setString(5, payloadJson);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String sql) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long pendingDeadlines() {
        return count("SELECT count(*) FROM stage_deadline");
    }

    private List<String> strings(String sql, String parameter) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
