package io.stagedoor.query.fold;

import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.UserId;

import java.util.Optional;

/**
 * How a meeting's events change what the read side shows — the one fold that the SQL projection, time travel and
 * live notifications all apply. An event moves the meeting ({@link MeetingView#after}: settings, end, version,
 * counts) and the one participant it is about ({@link ParticipantView#after}). It reads and writes no other
 * participant, so it folds a whole meeting held in memory ({@link StageFold}) as well as the few rows a projection
 * batch loaded of a meeting with 50,000 participants.
 */
public final class MeetingFold {

    /** Where the fold finds and leaves a meeting's participants. */
    public interface Participants {

        /** @return the participant, null if it is not in the meeting */
        ParticipantView get(UserId userId);

        /** @param after the participant after an event about it; null once it left the meeting */
        void put(UserId userId, ParticipantView after);
    }

    private MeetingFold() {
    }

    /**
     * Folds the event stored at {@code version} into a meeting.
     *
     * @param meeting the meeting before the event; null if it has not been created
     * @return the meeting after the event; empty if the meeting already holds it (an event at or below its version,
     *         or a second {@link MeetingCreated}), in which case nothing changed
     * @throws IllegalStateException for an event of a meeting never created; nothing changed then either
     */
    public static Optional<MeetingView> apply(MeetingView meeting, StageEvent event, long version,
                                              Participants participants) {
        if (meeting == null && !(event instanceof MeetingCreated)) {
            throw new IllegalStateException("event " + version + " of meeting " + event.meetingId().value()
                    + " arrived before the meeting was created");
        }
        if (meeting != null && (event instanceof MeetingCreated || version <= meeting.version())) {
            return Optional.empty();
        }
        if (event instanceof ParticipantEvent change) {
            participants.put(change.userId(), ParticipantView.after(participants.get(change.userId()), change, version));
        }
        return Optional.of(MeetingView.after(meeting, event, version));
    }
}
