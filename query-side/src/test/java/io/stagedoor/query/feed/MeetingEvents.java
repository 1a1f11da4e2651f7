package io.stagedoor.query.feed;

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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;

/** A valid stream of a meeting's events, as many as asked: created, viewers added, then rounds on and off the stage. */
public final class MeetingEvents {

    public static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private MeetingEvents() {
    }

    public static List<StageEvent> of(String id, int count) {
        MeetingId m = MeetingId.of(id);
        Actor service = Actor.service("it");
        List<StageEvent> events = new ArrayList<>();
        events.add(new MeetingCreated(m, new MeetingSettings(id, 5, null), service, T));
        int viewers = Math.max(1, Math.min(19, (count - 1) / 5));
        for (int v = 0; v < viewers && events.size() < count; v++) {
            var preset = BuiltInPresets.WEBINAR_VIEWER;
            events.add(new ParticipantAdded(m, UserId.of("v" + v), "Viewer " + v, preset.name(),
                    preset.permissions(), OFF_STAGE, service, T.plusSeconds(v)));
        }
        for (int round = 0; events.size() < count; round++) {
            UserId viewer = UserId.of("v" + (round % viewers));
            Instant at = T.plusSeconds(100 + round * 4L);
            List<StageEvent> step = List.of(new StageAccessRequested(m, viewer, Actor.participant(viewer), at, null),
                    new StageAccessGranted(m, viewer, REQUESTED_TO_JOIN_STAGE, service, at.plusSeconds(1)),
                    new StageJoined(m, viewer, Actor.participant(viewer), at.plusSeconds(2)),
                    new StageLeft(m, viewer, ON_STAGE, OFF_STAGE, Actor.participant(viewer), at.plusSeconds(3)));
            events.addAll(step.subList(0, Math.min(step.size(), count - events.size())));
        }
        return events;
    }
}
