package io.stagedoor.query.api;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.identity.Caller;
import io.stagedoor.platform.identity.CallerAuthentication;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.projection.ReadModelVersions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Who may read what (SPEC §7): a service reads everything; a participant reads only its own meeting, and the request
 * queue (and the audit trail, which shows it) only while it currently holds {@code acceptStageRequests} — taken from
 * the read model, never from the token. A participant's token says at which meeting version it was confirmed; while
 * the read model is behind that version the read waits for it (as with {@code minVersion}), so a token works the
 * moment it is issued.
 */
@Component
public class MeetingReaders {

    private final JdbcTemplate jdbc;
    private final ReadModelVersions versions;

    MeetingReaders(JdbcTemplate jdbc, ReadModelVersions versions) {
        this.jdbc = jdbc;
        this.versions = versions;
    }

    /** What the caller may see of a meeting. */
    record Reader(Caller caller, boolean seesRequests) {

        Optional<UserId> participant() {
            return caller instanceof Caller.Participant participant ? Optional.of(participant.userId()) : Optional.empty();
        }

        void requireRequests() {
            if (!seesRequests) {
                throw new RequestRefused(ErrorCode.PERMISSION_DENIED,
                        "seeing the request queue needs acceptStageRequests");
            }
        }
    }

    /** A participant as the read model knows it: the version the read model has reached, and its permission. */
    private record Standing(long readModelVersion, Boolean acceptsRequests) {
    }

    Reader of(MeetingId meetingId) {
        Caller caller = caller();
        if (caller instanceof Caller.Service) {
            return new Reader(caller, true);
        }
        Caller.Participant participant = (Caller.Participant) caller;
        if (!participant.meetingId().equals(meetingId)) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, "this token covers another meeting");
        }
        Standing standing = standing(participant);
        if (standing.readModelVersion() < participant.confirmedVersion()) {
            versions.awaitVersion(meetingId, participant.confirmedVersion());
            standing = standing(participant);
        }
        if (standing.acceptsRequests() == null) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE,
                    "'" + participant.userId() + "' is not a participant of this meeting (any more)");
        }
        return new Reader(caller, standing.acceptsRequests());
    }

    private Standing standing(Caller.Participant participant) {
        return jdbc.query("SELECT m.version, p.accept_stage_requests FROM rm_meeting m LEFT JOIN rm_participant p "
                                  + "ON p.meeting_id = m.meeting_id AND p.user_id = ? WHERE m.meeting_id = ?",
                          (row, n) -> new Standing(row.getLong(1), row.getObject(2, Boolean.class)),
                          participant.userId().value(), participant.meetingId().value())
                   .stream().findFirst().orElse(new Standing(-1, null));
    }

    /**
     * The caller, if it may read this meeting at all (a service, or a participant of it).
     *
     * @throws RequestRefused 2013 otherwise
     */
    public Caller caller(MeetingId meetingId) {
        return of(meetingId).caller();
    }

    static Caller caller() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication) {
            return authentication.caller();
        }
        throw new RequestRefused(ErrorCode.UNAUTHENTICATED, "missing or invalid credentials");
    }
}
