package io.stagedoor.query.projection;

import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.fold.ParticipantView;
import io.stagedoor.query.projection.ReadModelRows.HistoryRow;
import io.stagedoor.query.projection.ReadModelRows.MeetingRow;
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
 * One batch of events folded in memory: the rows it touches are read once, up front (two queries for the whole
 * batch), changed event by event, and written back once when the batch commits. An event that cannot be applied
 * throws before changing anything, so the dead-letter queue can take it while the rest of the batch commits.
 */
final class ProjectionBatch {

    private final ReadModelRows rows;
    private final Map<String, MeetingRow> meetings = new HashMap<>();
    private final Set<String> meetingsRead = new HashSet<>();
    private final Map<ParticipantKey, ParticipantView> participants = new HashMap<>();
    private final Set<ParticipantKey> participantsRead = new HashSet<>();
    private final Map<String, MeetingRow> changedMeetings = new LinkedHashMap<>();
    private final Set<ParticipantKey> changedParticipants = new LinkedHashSet<>();
    private final List<HistoryRow> history = new ArrayList<>();
    private final Map<String, Long> versions = new LinkedHashMap<>();

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
        MeetingRow meeting = meetings.get(meetingId);
        if (event instanceof MeetingCreated created) {
            if (meeting != null) {
                return;
            }
            meeting = new MeetingRow(meetingId, version, created.occurredAt());
            meeting.title = created.settings().title();
            meeting.maxOnStage = created.settings().maxOnStage();
            meeting.requestTimeoutSeconds = created.settings().requestTimeoutSeconds();
            meetings.put(meetingId, meeting);
        } else {
            if (meeting == null) {
                throw new IllegalStateException("event " + version + " of meeting " + meetingId
                        + " arrived before the meeting was created");
            }
            if (version <= meeting.version) {
                return;
            }
            if (event instanceof MeetingSettingsChanged changed) {
                meeting.title = changed.settings().title();
                meeting.maxOnStage = changed.settings().maxOnStage();
                meeting.requestTimeoutSeconds = changed.settings().requestTimeoutSeconds();
            } else if (event instanceof MeetingEnded ended) {
                meeting.ended = true;
                meeting.endedAt = ended.occurredAt();
            } else if (event instanceof ParticipantEvent participantEvent) {
                move(meeting, participantEvent, version);
            }
            meeting.version = version;
        }
        changedMeetings.put(meetingId, meeting);
        history.add(historyRow(event, version));
        versions.merge(meetingId, version, Math::max);
    }

    private void move(MeetingRow meeting, ParticipantEvent event, long version) {
        ParticipantKey key = new ParticipantKey(meeting.meetingId, event.userId().value());
        ParticipantView before = participants.get(key);
        ParticipantView after = ParticipantView.after(before, event, version);
        participants.put(key, after);
        changedParticipants.add(key);
        StageStatus from = before == null ? null : before.status();
        StageStatus to = after == null ? null : after.status();
        meeting.participants += (to != null ? 1 : 0) - (from != null ? 1 : 0);
        meeting.onStage += count(to, StageStatus.ON_STAGE) - count(from, StageStatus.ON_STAGE);
        meeting.accepted += count(to, StageStatus.ACCEPTED_TO_JOIN_STAGE) - count(from, StageStatus.ACCEPTED_TO_JOIN_STAGE);
        meeting.requested += count(to, StageStatus.REQUESTED_TO_JOIN_STAGE) - count(from, StageStatus.REQUESTED_TO_JOIN_STAGE);
    }

    /** Writes every changed row and announces the new versions to other processes (on commit). */
    void write() {
        rows.saveMeetings(new ArrayList<>(changedMeetings.values()));
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
        rows.notifyVersions(versions);
    }

    /** The newest version each meeting reached in this batch. */
    Map<String, Long> versions() {
        return versions;
    }

    private static HistoryRow historyRow(StageEvent event, long version) {
        ParticipantEvent p = event instanceof ParticipantEvent participantEvent ? participantEvent : null;
        return new HistoryRow(event.meetingId().value(), version, event.occurredAt(), event.getClass().getSimpleName(),
                event.actor().value(), p == null ? null : p.userId().value(),
                p == null || p.from() == null ? null : p.from().name(), p == null || p.to() == null ? null : p.to().name());
    }

    private static int count(StageStatus status, StageStatus counted) {
        return status == counted ? 1 : 0;
    }
}
