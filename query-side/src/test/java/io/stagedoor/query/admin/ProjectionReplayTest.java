package io.stagedoor.query.admin;

import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.event.StageJoined;
import io.stagedoor.kernel.event.StageLeft;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.query.projection.StageReadModelProjector;
import io.stagedoor.query.projection.StoredEvents;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replaying the projection over 10,000 stored events rebuilds exactly the rows it had. */
class ProjectionReplayTest {

    private static final int MEETINGS = 50;
    private static final int EVENTS_PER_MEETING = 200;

    @Test
    void replayOverTenThousandEventsYieldsIdenticalRows() {
        try (ConfigurableApplicationContext context = TestApplication.start(QuerySideApplication.class, TestDatabase.fresh())) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            StoredEvents events = new StoredEvents(context);
            for (int m = 0; m < MEETINGS; m++) {
                events.append(meeting("rebuild-" + m).toArray(StageEvent[]::new));
            }
            awaitAllProjected(jdbc);
            List<Map<String, Object>> before = dump(jdbc);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_history", Long.class)).isEqualTo(MEETINGS * EVENTS_PER_MEETING);

            ProjectionOperations operations = context.getBean(ProjectionOperations.class);
            ProjectionOperations.ReplayProgress started = operations.replay(StageReadModelProjector.NAME);
            assertThat(started.total()).isEqualTo(MEETINGS * EVENTS_PER_MEETING);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ProjectionOperations.ReplayProgress progress = operations.progress(StageReadModelProjector.NAME);
                return !progress.replaying() && progress.processed() == progress.total();
            });
            awaitAllProjected(jdbc);
            assertThat(dump(jdbc)).isEqualTo(before);

            ProjectionOperations.Projection projection = operations.projection(StageReadModelProjector.NAME);
            assertThat(projection.lag()).isZero();
            assertThat(projection.segments()).hasSize(8).allSatisfy(segment -> assertThat(segment.owner()).isNotNull());
            assertThat(projection.deadLetters()).isZero();
        }
    }

    private static void awaitAllProjected(JdbcTemplate jdbc) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM rm_meeting WHERE version = ?", Long.class, EVENTS_PER_MEETING - 1) == MEETINGS);
    }

    private static List<Map<String, Object>> dump(JdbcTemplate jdbc) {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.addAll(jdbc.queryForList("SELECT * FROM rm_meeting ORDER BY meeting_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM rm_participant ORDER BY meeting_id, user_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM rm_history ORDER BY meeting_id, version"));
        return rows;
    }

    /** 200 events: a meeting, 19 viewers, then 45 rounds of request, grant, join, leave. */
    private static List<StageEvent> meeting(String id) {
        MeetingId m = MeetingId.of(id);
        Actor service = Actor.service("it");
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        List<StageEvent> events = new ArrayList<>();
        events.add(new MeetingCreated(m, new MeetingSettings(id, 5, null), service, t));
        for (int v = 0; v < 19; v++) {
            var preset = BuiltInPresets.WEBINAR_VIEWER;
            events.add(new ParticipantAdded(m, UserId.of("v" + v), "Viewer " + v, preset.name(), preset.permissions(),
                    OFF_STAGE, service, t.plusSeconds(v)));
        }
        for (int round = 0; round < 45; round++) {
            UserId viewer = UserId.of("v" + (round % 19));
            Instant at = t.plusSeconds(100 + round * 4L);
            events.add(new StageAccessRequested(m, viewer, Actor.participant(viewer), at, null));
            events.add(new StageAccessGranted(m, viewer, REQUESTED_TO_JOIN_STAGE, service, at.plusSeconds(1)));
            events.add(new StageJoined(m, viewer, Actor.participant(viewer), at.plusSeconds(2)));
            events.add(new StageLeft(m, viewer, ON_STAGE, OFF_STAGE, Actor.participant(viewer), at.plusSeconds(3)));
        }
        return events;
    }
}
