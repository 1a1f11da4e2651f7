package io.stagedoor.query.live;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.presence.PresenceRows;
import io.stagedoor.platform.schema.SchemaMigrator;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A participant is written as present while any of its streams here lives, and once more when its last one closes. */
class StreamPresenceTest {

    private static final MeetingId MEETING = MeetingId.of("m");
    private static final UserId ADA = UserId.of("ada");
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void database() {
        TestDatabase.Credentials database = TestDatabase.fresh();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
                database.password());
        new SchemaMigrator(dataSource, List.of()).migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void twoStreamsOfOneParticipantKeepItPresentUntilTheLastCloses() {
        StreamPresence presence = new StreamPresence(new PresenceRows(jdbc));
        presence.opened(MEETING, ADA);
        presence.opened(MEETING, ADA);
        presence.write();
        assertThat(lastSeen()).as("written while streaming").isNotNull();

        presence.closed(MEETING, ADA);
        assertThat(writtenNow(presence)).as("one stream still open").isTrue();
        presence.closed(MEETING, ADA);
        assertThat(writtenNow(presence)).as("written once more when the last stream closed").isTrue();
        assertThat(writtenNow(presence)).as("then no more: absence counts from the close").isFalse();
        presence.stop();
    }

    /** Whether a round of writes records the participant (its row is set long ago first). */
    private static boolean writtenNow(StreamPresence presence) {
        jdbc.update("UPDATE participant_presence SET last_seen_at = '2000-01-01T00:00:00Z'");
        presence.write();
        return lastSeen().toInstant().isAfter(Instant.parse("2000-01-01T00:00:00Z"));
    }

    private static Timestamp lastSeen() {
        return jdbc.query("SELECT last_seen_at FROM participant_presence WHERE meeting_id = 'm' AND user_id = 'ada'",
                rows -> rows.next() ? rows.getTimestamp(1) : null);
    }
}
