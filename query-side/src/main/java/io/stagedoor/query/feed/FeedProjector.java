package io.stagedoor.query.feed;

import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes every stored event into the change feed ({@code feed_event}) and, in the same statement, a webhook delivery
 * for every enabled endpoint whose filters match. Runs in a pooled streaming processor with exactly one segment
 * ({@value #NAME}), so one node at a time writes and each batch commits before the next is written: positions are
 * assigned in commit order, and a reader only ever sees a prefix of the feed (decisions #44). The processor's token is
 * written in the same transaction, so a crash neither loses nor repeats an event; an event already in the feed (a
 * reset processor) is skipped by its meeting and version.
 */
@ProcessingGroup(FeedProjector.NAME)
@DisallowReplay
public class FeedProjector {

    public static final String NAME = "integration-feed";
    private static final String BATCH = FeedProjector.class.getName() + ".batch";
    /** Feed rows and their deliveries in one round trip; positions and delivery ids follow the batch's order. */
    private static final String WRITE = """
            WITH batch AS (
                SELECT * FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::timestamptz[], ?::varchar[],
                                     ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::timestamptz[])
                    WITH ORDINALITY AS b(meeting_id, version, type, occurred_at, actor, user_id, from_status, to_status,
                                         reason, expires_at, n)
            ), inserted AS (
                INSERT INTO feed_event (meeting_id, version, type, occurred_at, actor, user_id, from_status, to_status,
                                        reason, expires_at)
                SELECT meeting_id, version, type, occurred_at, actor, user_id, from_status, to_status, reason, expires_at
                FROM batch ORDER BY n
                ON CONFLICT (meeting_id, version) DO NOTHING
                RETURNING position, meeting_id, type
            ), deliveries AS (
                INSERT INTO webhook_delivery (endpoint_id, lane, feed_position, message_id, type, status, next_attempt_at)
                SELECT e.id, f.meeting_id, f.position, 'evt_' || f.position, f.type, 'pending', now()
                FROM inserted f JOIN webhook_endpoint e ON e.enabled
                    AND (e.meeting_id IS NULL OR e.meeting_id = f.meeting_id)
                    AND (e.event_types IS NULL OR f.type = ANY (e.event_types))
                ORDER BY f.position, e.id
            )
            SELECT max(position) FROM inserted
            """;

    private final JdbcTemplate jdbc;
    private final IntegrationSignal signal;

    public FeedProjector(JdbcTemplate jdbc, IntegrationSignal signal) {
        this.jdbc = jdbc;
        this.signal = signal;
    }

    /** One stored event as a feed row, before it has a position. */
    private record Row(StageEvent event, long version) {
    }

    @EventHandler
    void on(StageEvent event, @SequenceNumber long version) {
        batch().add(new Row(event, version));
    }

    /** This unit of work's rows, written when it prepares to commit, announced once it committed. */
    private List<Row> batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            List<Row> rows = new ArrayList<>();
            long[] written = new long[1];
            root.onPrepareCommit(u -> write(rows, written));
            root.afterCommit(u -> {
                if (written[0] > 0) {
                    signal.signal();
                }
            });
            return rows;
        });
    }

    /** @param written out: the highest position written (0 if none) */
    private void write(List<Row> rows, long[] written) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.query(connection -> statement(connection, rows), (ResultSet result) -> {
            written[0] = result.getLong(1);
        });
        if (written[0] > 0) {
            IntegrationSignal.notifyOthers(jdbc, written[0]);
        }
    }

    private static PreparedStatement statement(Connection connection, List<Row> rows) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(WRITE);
        statement.setArray(1, column(connection, "varchar", rows, r -> r.event().meetingId().value()));
        statement.setArray(2, column(connection, "int8", rows, Row::version));
        statement.setArray(3, column(connection, "varchar", rows, r -> EventTypes.of(r.event())));
        statement.setArray(4, column(connection, "timestamptz", rows, r -> Timestamp.from(r.event().occurredAt())));
        statement.setArray(5, column(connection, "varchar", rows, r -> r.event().actor().value()));
        statement.setArray(6, column(connection, "varchar", rows, r -> ofParticipant(r, p -> p.userId().value())));
        statement.setArray(7, column(connection, "varchar", rows, r -> ofParticipant(r, p -> name(p.from()))));
        statement.setArray(8, column(connection, "varchar", rows, r -> ofParticipant(r, p -> name(p.to()))));
        statement.setArray(9, column(connection, "text", rows, r -> ofParticipant(r, ParticipantEvent::reason)));
        statement.setArray(10, column(connection, "timestamptz", rows, r -> timestamp(expiresAt(r.event()))));
        return statement;
    }

    /** When the request or the acceptance the event made expires; null for every other event, or without a timeout. */
    private static Instant expiresAt(StageEvent event) {
        if (event instanceof StageAccessRequested requested) {
            return requested.expiresAt();
        }
        return event instanceof StageAccessGranted granted ? granted.expiresAt() : null;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** A field of a participant event; null for a meeting event. */
    private static Object ofParticipant(Row row, Function<ParticipantEvent, Object> field) {
        return row.event() instanceof ParticipantEvent p ? field.apply(p) : null;
    }

    private static String name(Enum<?> status) {
        return status == null ? null : status.name();
    }

    private static Array column(Connection connection, String type, List<Row> rows, Function<Row, Object> value)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
    }
}
