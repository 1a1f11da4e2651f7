package io.stagedoor.query.api;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.identity.Caller;
import io.stagedoor.platform.identity.CallerAuthentication;
import io.stagedoor.platform.web.RequestRefused;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Who may read what (SPEC §7): a service reads everything; a participant reads only its own meeting, and the request
 * queue (and the audit trail, which shows it) only while it currently holds {@code acceptStageRequests} — taken from
 * the read model, never from the token.
 */
@Component
public class MeetingReaders {

    private final JdbcTemplate jdbc;

    MeetingReaders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    Reader of(MeetingId meetingId) {
        Caller caller = caller();
        if (caller instanceof Caller.Service) {
            return new Reader(caller, true);
        }
        Caller.Participant participant = (Caller.Participant) caller;
        if (!participant.meetingId().equals(meetingId)) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, "this token covers another meeting");
        }
        Boolean accepts = jdbc.query("SELECT accept_stage_requests FROM rm_participant WHERE meeting_id = ? AND user_id = ?",
                (row, n) -> row.getBoolean(1), meetingId.value(), participant.userId().value()).stream().findFirst()
                              .orElseThrow(() -> new RequestRefused(ErrorCode.FORBIDDEN_SCOPE,
                                      "'" + participant.userId() + "' is not a participant of this meeting "
                                              + "(just added? pass minVersion from the answer that added you)"));
        return new Reader(caller, accepts);
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
