package io.stagedoor.query.fold;

import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One meeting's read-side state, folded event by event. Time travel folds the stored events up to a version;
 * live notifications keep one fold per watched meeting at the head. Its transitions are
 * {@link MeetingView#after} and {@link ParticipantView#after}, the same the SQL projection uses.
 */
public final class StageFold {

    private MeetingView meeting;
    private final Map<UserId, ParticipantView> participants = new LinkedHashMap<>();
    private long version = -1;

    /** Applies the event stored at {@code version}; events at or below the current version are ignored. */
    public void apply(StageEvent event, long version) {
        if (version <= this.version) {
            return;
        }
        meeting = MeetingView.after(meeting, event);
        if (event instanceof ParticipantEvent participantEvent) {
            ParticipantView after = ParticipantView.after(participants.get(participantEvent.userId()), participantEvent, version);
            if (after == null) {
                participants.remove(participantEvent.userId());
            } else {
                participants.put(participantEvent.userId(), after);
            }
        }
        this.version = version;
    }

    public long version() {
        return version;
    }

    public MeetingView meeting() {
        return meeting;
    }

    public ParticipantView participant(UserId userId) {
        return participants.get(userId);
    }

    /** The pending requests, oldest first. */
    public List<ParticipantView> queue() {
        return participants.values().stream().filter(p -> p.is(StageStatus.REQUESTED_TO_JOIN_STAGE))
                           .sorted(Comparator.comparing(ParticipantView::requestedVersion)).toList();
    }

    public StageOverview overview() {
        List<ParticipantView> queue = queue();
        List<StageOverview.Person> onStage = people(StageStatus.ON_STAGE);
        List<StageOverview.Person> accepted = people(StageStatus.ACCEPTED_TO_JOIN_STAGE);
        return new StageOverview(meeting.meetingId().value(), version, meeting.settings().title(),
                meeting.settings().maxOnStage(), meeting.settings().requestTimeoutSeconds(), meeting.ended(),
                meeting.createdAt(), meeting.endedAt(),
                new StageOverview.Counts(participants.size(), onStage.size(), accepted.size(), queue.size()),
                onStage, accepted,
                IntStream.range(0, queue.size()).mapToObj(i -> new StageOverview.Request(queue.get(i).userId().value(),
                        queue.get(i).name(), queue.get(i).requestedAt(), i + 1)).toList());
    }

    private List<StageOverview.Person> people(StageStatus status) {
        return participants.values().stream().filter(p -> p.is(status))
                           .sorted(Comparator.comparing(ParticipantView::since).thenComparing(p -> p.userId().value()))
                           .map(p -> new StageOverview.Person(p.userId().value(), p.name(), p.since())).toList();
    }
}
