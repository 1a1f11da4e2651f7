package io.stagedoor.command.http;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.identity.Caller;
import io.stagedoor.platform.identity.CallerAuthentication;
import io.stagedoor.platform.web.RequestRefused;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who performs a command, from the caller's credentials (SPEC §7): a service acts as itself, or as the participant
 * it names in {@code X-Acting-User}; a participant token acts as its participant, in its own meeting only.
 * Permissions are not checked here: the meeting checks them against its current state.
 */
@Component
class ActorResolver {

    static final String ACTING_USER = "X-Acting-User";

    Caller caller() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication) {
            return authentication.caller();
        }
        throw new RequestRefused(ErrorCode.UNAUTHENTICATED, "missing or invalid credentials");
    }

    /** The actor of a command on a meeting (host and administrative commands). */
    Actor actorIn(MeetingId meetingId, String actingUser) {
        Caller caller = caller();
        if (caller instanceof Caller.Service service) {
            return actingUser == null ? Actor.service(service.name()) : Actor.participant(UserId.of(actingUser));
        }
        Caller.Participant participant = (Caller.Participant) caller;
        if (!participant.meetingId().equals(meetingId)) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, "this token covers another meeting");
        }
        if (actingUser != null) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, ACTING_USER + " is for services only");
        }
        return Actor.participant(participant.userId());
    }

    /** The actor of a self command: the participant itself, or a service (acting for that participant only). */
    Actor selfActor(MeetingId meetingId, UserId userId, String actingUser) {
        Actor actor = actorIn(meetingId, actingUser);
        if (actor instanceof Actor.Participant participant && !participant.user().equals(userId)) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, "a participant acts on the stage only for itself");
        }
        return actor;
    }

    /** For endpoints only services may call (create meeting, define preset, issue tokens). */
    Actor.Service service(String actingUser) {
        if (!(caller() instanceof Caller.Service service)) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, "only services may do this");
        }
        if (actingUser != null) {
            throw new RequestRefused(ErrorCode.MALFORMED_REQUEST, ACTING_USER + " does not apply to this endpoint");
        }
        return Actor.service(service.name());
    }

    /** Whose idempotency keys these are: the credentials, not the acting user. */
    String idempotencyScope() {
        return caller().principal();
    }
}
