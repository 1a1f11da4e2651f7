package io.stagedoor.query.projection;

import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.query.fold.MeetingFold;
import io.stagedoor.query.fold.MeetingView;
import io.stagedoor.query.fold.ParticipantView;
import io.stagedoor.query.projection.ReadModelRows.HistoryRow;
import io.stagedoor.query.projection.ReadModelRows.ParticipantKey;
import io.stagedoor.query.projection.ReadModelRows.ParticipantRow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One batch of events folded in memory with {@link MeetingFold}, the fold time travel and live notifications apply
 * too: the rows it touches — each meeting and the participants its events are about, never a meeting's other
 * participants — are read once, up front (two queries for the whole batch), folded event by event, and written back
 * once when the batch commits. An event that cannot be applied throws before changing anything, so the dead-letter
 * queue can take it while the rest of the batch commits.
 */
final class ProjectionBatch {

    private final ReadModelRows rows;
    private final Map<String, MeetingView> meetings = new HashMap<>();
    private final Set<String> meetingsRead = new HashSet<>();
    private final Map<ParticipantKey, ParticipantView> participants = new HashMap<>();
    private final Set<ParticipantKey> participantsRead = new HashSet<>();
    private final Set<String> changedMeetings = new LinkedHashSet<>();
    private final Set<ParticipantKey> changedParticipants = new LinkedHashSet<>();
    private final List<HistoryRow> history = new ArrayList<>();

    ProjectionBatch(ReadModelRows rows) {
        this.rows = rows;
    }

    /** Reads, in two queries, every row the given events touch that this batch has not read yet. */
    void read(List<StageEvent> events) {
        Set<String> meetingIds = new LinkedHashSet<>();
        Set<ParticipantKey> keys = new LinkedHashSet<>();
        for (StageEvent event : events) {
            String meetingId = event.meetingId().value();
            if (meetingsRead.add(meetingId)) {
                meetingIds.add(meetingId);
            }
            if (event instanceof ParticipantEvent p) {
                ParticipantKey key = new ParticipantKey(meetingId, p.userId().value());
                if (participantsRead.add(key)) {
                    keys.add(key);
                }
            }
        }
        meetings.putAll(rows.meetings(meetingIds));
        participants.putAll(rows.participants(keys));
    }

    void apply(StageEvent event, long version) {
        read(List.of(event));
        String meetingId = event.meetingId().value();
        MeetingFold.apply(meetings.get(meetingId), event, version, new ReadParticipants(meetingId)).ifPresent(after -> {
            meetings.put(meetingId, after);
            changedMeetings.add(meetingId);
            history.add(historyRow(event, version));
        });
    }

    /** The participants of one meeting that this batch read, and the changes the fold leaves on them. */
    private final class ReadParticipants implements MeetingFold.Participants {

        private final String meetingId;

        ReadParticipants(String meetingId) {
            this.meetingId = meetingId;
        }

        @Override
        public ParticipantView get(UserId userId) {
            return participants.get(new ParticipantKey(meetingId, userId.value()));
        }

        @Override
        public void put(UserId userId, ParticipantView after) {
            ParticipantKey key = new ParticipantKey(meetingId, userId.value());
            participants.put(key, after);
            changedParticipants.add(key);
        }
    }

    /** Writes every changed row and announces the new versions to other processes (on commit). */
    void write() {
        rows.saveMeetings(changedMeetings.stream().map(meetings::get).toList());
        List<ParticipantKey> removed = new ArrayList<>();
        List<ParticipantRow> present = new ArrayList<>();
        for (ParticipantKey key : changedParticipants) {
            ParticipantView view = participants.get(key);
            if (view == null) {
                removed.add(key);
            } else {
                present.add(new ParticipantRow(key.meetingId(), view));
            }
        }
        rows.deleteParticipants(removed);
        rows.saveParticipants(present);
        rows.insertHistory(history);
        rows.notifyVersions(versions());
    }

    /** The version each meeting this batch changed has reached. */
    Map<String, Long> versions() {
        Map<String, Long> versions = new LinkedHashMap<>();
        changedMeetings.forEach(meetingId -> versions.put(meetingId, meetings.get(meetingId).version()));
        return versions;
    }

    private static HistoryRow historyRow(StageEvent event, long version) {
        ParticipantEvent p = event instanceof ParticipantEvent participantEvent ? participantEvent : null;
        return new HistoryRow(event.meetingId().value(), version, event.occurredAt(), event.getClass().getSimpleName(),
                event.actor().value(), p == null ? null : p.userId().value(),
                p == null || p.from() == null ? null : p.from().name(), p == null || p.to() == null ? null : p.to().name());
    }
}
