package io.stagedoor.query.fold;

import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One meeting held whole in memory, folded event by event with {@link MeetingFold} — the same fold the SQL
 * projection applies to its rows. Time travel folds the stored events up to a version; live notifications keep one
 * per watched meeting at the head.
 */
public final class StageFold {

    private final Map<UserId, ParticipantView> participants = new LinkedHashMap<>();
    private final MeetingFold.Participants inMemory = new MeetingFold.Participants() {
        @Override
        public ParticipantView get(UserId userId) {
            return participants.get(userId);
        }

        @Override
        public void put(UserId userId, ParticipantView after) {
            if (after == null) {
                participants.remove(userId);
            } else {
                participants.put(userId, after);
            }
        }
    };
    private MeetingView meeting;

    /** Applies the event stored at {@code version}; one the meeting already holds changes nothing. */
    public void apply(StageEvent event, long version) {
        MeetingFold.apply(meeting, event, version, inMemory).ifPresent(after -> meeting = after);
    }

    /** The meeting's version; -1 before it was created. */
    public long version() {
        return meeting == null ? -1 : meeting.version();
    }

    /** The meeting; null before it was created. */
    public MeetingView meeting() {
        return meeting;
    }

    public ParticipantView participant(UserId userId) {
        return participants.get(userId);
    }

    public Collection<ParticipantView> participants() {
        return Collections.unmodifiableCollection(participants.values());
    }

    /** The request queue, oldest first, with positions. */
    public List<StageOverview.Request> requests() {
        return StageOverview.requests(participants.values().stream()
                                                  .filter(p -> p.is(StageStatus.REQUESTED_TO_JOIN_STAGE)).toList(), 0);
    }

    /** The overview; the meeting must have been created. */
    public StageOverview overview() {
        return StageOverview.of(meeting, participants.values());
    }
}
