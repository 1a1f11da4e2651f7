package io.stagedoor.query.projection;

import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.fold.ParticipantView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects the stored events into the read models: meetings, participants (and with them the request queue),
 * the audit history, and each meeting's version. Runs in a pooled streaming processor whose token lives in the same
 * database and is written in the same transaction as the rows, so a crash never applies an event twice or skips one;
 * and every handler is idempotent anyway (an event at or below the meeting's version is skipped). Participants change
 * through {@link ParticipantView#after}, the same transition time travel and notifications fold with.
 */
@ProcessingGroup(StageReadModelProjector.NAME)
public class StageReadModelProjector {

    public static final String NAME = "stage-read-model";
    private static final String TOUCHED = StageReadModelProjector.class.getName() + ".touched";

    private final JdbcTemplate jdbc;
    private final ReadModelVersions versions;

    public StageReadModelProjector(JdbcTemplate jdbc, ReadModelVersions versions) {
        this.jdbc = jdbc;
        this.versions = versions;
    }

    @EventHandler
    void on(StageEvent event, @SequenceNumber long version) {
        String meeting = event.meetingId().value();
        if (event instanceof MeetingCreated created) {
            int inserted = jdbc.update("INSERT INTO rm_meeting (meeting_id, version, title, max_on_stage, "
                            + "request_timeout_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    meeting, version, created.settings().title(), created.settings().maxOnStage(),
                    created.settings().requestTimeoutSeconds(), Timestamp.from(created.occurredAt()));
            if (inserted == 1) {
                recordHistory(event, version);
                touched(meeting, version);
            }
            return;
        }
        Long current = jdbc.query("SELECT version FROM rm_meeting WHERE meeting_id = ?", (row, n) -> row.getLong(1), meeting)
                           .stream().findFirst().orElseThrow(() -> new IllegalStateException(
                        "event " + version + " of meeting " + meeting + " arrived before the meeting was created"));
        if (version <= current) {
            return;
        }
        Counts delta = Counts.NONE;
        if (event instanceof MeetingSettingsChanged changed) {
            jdbc.update("UPDATE rm_meeting SET title = ?, max_on_stage = ?, request_timeout_seconds = ? WHERE meeting_id = ?",
                    changed.settings().title(), changed.settings().maxOnStage(), changed.settings().requestTimeoutSeconds(),
                    meeting);
        } else if (event instanceof MeetingEnded ended) {
            jdbc.update("UPDATE rm_meeting SET ended = true, ended_at = ? WHERE meeting_id = ?",
                    Timestamp.from(ended.occurredAt()), meeting);
        } else if (event instanceof ParticipantEvent participantEvent) {
            delta = project(meeting, participantEvent, version);
        }
        jdbc.update("UPDATE rm_meeting SET version = ?, participant_count = participant_count + ?, "
                        + "on_stage_count = on_stage_count + ?, accepted_count = accepted_count + ?, "
                        + "requested_count = requested_count + ? WHERE meeting_id = ?",
                version, delta.participants, delta.onStage, delta.accepted, delta.requested, meeting);
        recordHistory(event, version);
        touched(meeting, version);
    }

    private Counts project(String meeting, ParticipantEvent event, long version) {
        List<ParticipantView> found = jdbc.query("SELECT * FROM rm_participant WHERE meeting_id = ? AND user_id = ?",
                StageReadModelProjector::participant, meeting, event.userId().value());
        ParticipantView before = found.isEmpty() ? null : found.get(0);
        ParticipantView after = ParticipantView.after(before, event, version);
        if (after == null) {
            jdbc.update("DELETE FROM rm_participant WHERE meeting_id = ? AND user_id = ?", meeting, event.userId().value());
        } else {
            StagePermissions permissions = after.permissions();
            jdbc.update("INSERT INTO rm_participant (meeting_id, user_id, name, preset, stage_enabled, stage_access, "
                            + "accept_stage_requests, can_change_participant_permissions, status, since, requested_version, "
                            + "requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, user_id) DO UPDATE "
                            + "SET name = excluded.name, preset = excluded.preset, stage_enabled = excluded.stage_enabled, "
                            + "stage_access = excluded.stage_access, accept_stage_requests = excluded.accept_stage_requests, "
                            + "can_change_participant_permissions = excluded.can_change_participant_permissions, "
                            + "status = excluded.status, since = excluded.since, requested_version = excluded.requested_version, "
                            + "requested_at = excluded.requested_at",
                    meeting, after.userId().value(), after.name(), after.preset().value(), permissions.stageEnabled(),
                    permissions.stageAccess().name(), permissions.acceptStageRequests(),
                    permissions.canChangeParticipantPermissions(), after.status().name(), Timestamp.from(after.since()),
                    after.requestedVersion(), after.requestedAt() == null ? null : Timestamp.from(after.requestedAt()));
        }
        return Counts.between(before == null ? null : before.status(), after == null ? null : after.status());
    }

    private void recordHistory(StageEvent event, long version) {
        UserId userId = event instanceof ParticipantEvent p ? p.userId() : null;
        StageStatus from = event instanceof ParticipantEvent p ? p.from() : null;
        StageStatus to = event instanceof ParticipantEvent p ? p.to() : null;
        jdbc.update("INSERT INTO rm_history (meeting_id, version, occurred_at, type, actor, user_id, from_status, to_status) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                event.meetingId().value(), version, Timestamp.from(event.occurredAt()), event.getClass().getSimpleName(),
                event.actor().value(), userId == null ? null : userId.value(), from == null ? null : from.name(),
                to == null ? null : to.name());
    }

    /** Remembers the newest version per meeting of this batch: announced at commit, to this process and to others. */
    private void touched(String meeting, long version) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Map<String, Long> touched = unitOfWork.root().getOrComputeResource(TOUCHED, key -> {
            Map<String, Long> map = new HashMap<>();
            unitOfWork.root().onPrepareCommit(u -> map.forEach((m, v) ->
                    jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, ReadModelVersions.CHANNEL, m + ":" + v)));
            unitOfWork.root().afterCommit(u -> map.forEach(versions::announce));
            return map;
        });
        touched.merge(meeting, version, Math::max);
    }

    @ResetHandler
    void reset() {
        jdbc.execute("TRUNCATE rm_history, rm_participant, rm_meeting");
    }

    static ParticipantView participant(ResultSet row, int n) throws SQLException {
        Timestamp requestedAt = row.getTimestamp("requested_at");
        return new ParticipantView(UserId.of(row.getString("user_id")), row.getString("name"),
                PresetName.of(row.getString("preset")),
                new StagePermissions(row.getBoolean("stage_enabled"), StageAccess.valueOf(row.getString("stage_access")),
                        row.getBoolean("accept_stage_requests"), row.getBoolean("can_change_participant_permissions")),
                StageStatus.valueOf(row.getString("status")), row.getTimestamp("since").toInstant(),
                row.getObject("requested_version", Long.class), requestedAt == null ? null : requestedAt.toInstant());
    }

    /** How a participant's move changes the meeting's counters. */
    private record Counts(int participants, int onStage, int accepted, int requested) {
        static final Counts NONE = new Counts(0, 0, 0, 0);

        static Counts between(StageStatus from, StageStatus to) {
            return new Counts((to != null ? 1 : 0) - (from != null ? 1 : 0),
                    count(to, StageStatus.ON_STAGE) - count(from, StageStatus.ON_STAGE),
                    count(to, StageStatus.ACCEPTED_TO_JOIN_STAGE) - count(from, StageStatus.ACCEPTED_TO_JOIN_STAGE),
                    count(to, StageStatus.REQUESTED_TO_JOIN_STAGE) - count(from, StageStatus.REQUESTED_TO_JOIN_STAGE));
        }

        private static int count(StageStatus status, StageStatus counted) {
            return status == counted ? 1 : 0;
        }
    }
}
