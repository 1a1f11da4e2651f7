package io.stagedoor.command.engine;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads, in one query, the events stored for many aggregates after the versions this node knows of them — how a
 * command batch catches its cached meetings up with what other nodes appended.
 */
final class NewerEvents {

    private final JdbcTemplate jdbc;
    private final EventSchema schema;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    NewerEvents(JdbcTemplate jdbc, EventSchema schema, Serializer serializer, EventUpcaster upcasters) {
        this.jdbc = jdbc;
        this.schema = schema;
        this.serializer = serializer;
        this.upcasters = upcasters;
    }

    /** @return for each aggregate that has any, its events after the known version, in sequence order */
    Map<String, List<? extends DomainEventMessage<?>>> after(Map<String, Long> knownVersions) {
        Map<String, List<DomainEventData<?>>> rows = new LinkedHashMap<>();
        if (knownVersions.isEmpty()) {
            return Map.of();
        }
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + schema.domainEventFields() + " FROM " + schema.domainEventTable() + " e JOIN unnest("
                            + "?::varchar[], ?::bigint[]) AS known(aggregate, version) ON e." + schema.aggregateIdentifierColumn()
                            + " = known.aggregate AND e." + schema.sequenceNumberColumn() + " > known.version ORDER BY e."
                            + schema.aggregateIdentifierColumn() + ", e." + schema.sequenceNumberColumn());
            statement.setArray(1, connection.createArrayOf("varchar", knownVersions.keySet().toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", knownVersions.values().toArray()));
            return statement;
        }, row -> {
            DomainEventData<?> event = new GenericDomainEventEntry<>(row.getString(schema.typeColumn()),
                    row.getString(schema.aggregateIdentifierColumn()), row.getLong(schema.sequenceNumberColumn()),
                    row.getString(schema.eventIdentifierColumn()), row.getString(schema.timestampColumn()),
                    row.getString(schema.payloadTypeColumn()), row.getString(schema.payloadRevisionColumn()),
                    row.getBytes(schema.payloadColumn()), row.getBytes(schema.metaDataColumn()));
            rows.computeIfAbsent(event.getAggregateIdentifier(), id -> new ArrayList<>()).add(event);
        });
        Map<String, List<? extends DomainEventMessage<?>>> events = new LinkedHashMap<>();
        rows.forEach((aggregate, data) -> events.put(aggregate,
                EventStreamUtils.upcastAndDeserializeDomainEvents(data.stream(), serializer, upcasters).asStream().toList()));
        return events;
    }
}
