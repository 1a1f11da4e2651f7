package io.stagedoor.platform;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import static org.axonframework.eventhandling.EventUtils.asDomainEventMessage;

/**
 * How the event store appends: every event of a commit in one statement, the columns as arrays unnested in the order
 * the events were applied — so the global index keeps each meeting's sequence order. Axon's own statement is one
 * {@code INSERT ... VALUES} per event, sent as a JDBC batch: a statement per event of a batch of many commands.
 */
final class EventAppend {

    private static final String[] COLUMN_TYPES =
            {"varchar", "varchar", "bigint", "varchar", "varchar", "varchar", "varchar", "bytea", "bytea"};

    private EventAppend() {
    }

    /** An {@code AppendEventsStatementBuilder}: the statement holds the whole list as its one batch entry. */
    static PreparedStatement inOneStatement(Connection connection, EventSchema schema, Class<?> dataType,
                                            List<? extends EventMessage<?>> events, Serializer serializer,
                                            TimestampWriter unused) throws SQLException {
        int size = events.size();
        Object[][] columns = new Object[COLUMN_TYPES.length][];
        for (int column = 0; column < COLUMN_TYPES.length; column++) {
            // pgjdbc writes bytea[] from byte[][] only, not from byte[] elements of an Object[]
            columns[column] = COLUMN_TYPES[column].equals("bytea") ? new byte[size][] : new Object[size];
        }
        for (int i = 0; i < size; i++) {
            DomainEventMessage<?> event = asDomainEventMessage(events.get(i));
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            columns[0][i] = event.getIdentifier();
            columns[1][i] = event.getAggregateIdentifier();
            columns[2][i] = event.getSequenceNumber();
            columns[3][i] = event.getType();
            columns[4][i] = DateTimeUtils.formatInstant(event.getTimestamp());
            columns[5][i] = payload.getType().getName();
            columns[6][i] = payload.getType().getRevision();
            columns[7][i] = payload.getData();
            columns[8][i] = event.serializeMetaData(serializer, dataType).getData();
        }
        PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + schema.domainEventTable() + " (" + schema.domainEventFields() + ") "
                        + "SELECT id, aggregate, sequence, type, stamp, payload_type, revision, payload, meta "
                        + "FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], "
                        + "?::varchar[], ?::bytea[], ?::bytea[]) WITH ORDINALITY "
                        + "AS e(id, aggregate, sequence, type, stamp, payload_type, revision, payload, meta, position) "
                        + "ORDER BY position");
        for (int column = 0; column < COLUMN_TYPES.length; column++) {
            statement.setArray(column + 1, connection.createArrayOf(COLUMN_TYPES[column], columns[column]));
        }
        statement.addBatch();
        return statement;
    }
}
