package io.stagedoor.platform.presence;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code participant_presence} table: when each participant was last seen, by the database's clock (so nodes
 * whose clocks differ agree). Query nodes write it for the participants with a live stream, command nodes for a
 * heartbeat; the command side reads it to judge presence.
 */
public final class PresenceRows {

    /** Rows written per statement. */
    static final int CHUNK = 1000;

    private final JdbcTemplate jdbc;

    public PresenceRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A participant of a meeting. */
    public record Seen(String meetingId, String userId) {
    }

    /**
     * Records that these participants are present now. Rows are written in key order, so nodes writing the same
     * participants at once cannot deadlock.
     */
    public void seenNow(Collection<Seen> participants) {
        List<Seen> ordered = participants.stream().distinct()
                                         .sorted(Comparator.comparing(Seen::meetingId).thenComparing(Seen::userId))
                                         .toList();
        for (int from = 0; from < ordered.size(); from += CHUNK) {
            List<Seen> chunk = ordered.subList(from, Math.min(ordered.size(), from + CHUNK));
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("INSERT INTO participant_presence (meeting_id, user_id, "
                        + "last_seen_at) SELECT m, u, now() FROM unnest(?::varchar[], ?::varchar[]) AS s(m, u) "
                        + "ON CONFLICT (meeting_id, user_id) DO UPDATE SET last_seen_at = excluded.last_seen_at");
                statement.setArray(1, connection.createArrayOf("varchar", chunk.stream().map(Seen::meetingId).toArray()));
                statement.setArray(2, connection.createArrayOf("varchar", chunk.stream().map(Seen::userId).toArray()));
                return statement;
            });
        }
    }
}
