package io.stagedoor.command.http;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.identity.Caller;
import io.stagedoor.platform.identity.CallerAuthentication;
import io.stagedoor.platform.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Who performs a command (SPEC §7), from the caller's credentials and {@code X-Acting-User}: a service acts as itself,
 * or as the participant it names in the header; a participant token acts as its participant, in its own meeting only.
 * Permissions are not checked here: the meeting checks them against its current state. A controller method receives
 * it as a parameter ({@link Resolver}).
 *
 * @param actingUser the {@code X-Acting-User} header; null if absent
 */
record Acting(Caller caller, String actingUser) {

    static final String HEADER = "X-Acting-User";

    static Acting of(HttpServletRequest request) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication) {
            return new Acting(authentication.caller(), request.getHeader(HEADER));
        }
        throw new RequestRefused(ErrorCode.UNAUTHENTICATED, "missing or invalid credentials");
    }

    /** The actor of a command on a meeting (host and administrative commands). */
    Actor in(MeetingId meetingId) {
        if (caller instanceof Caller.Service service) {
            return actingUser == null ? Actor.service(service.name()) : Actor.participant(UserId.of(actingUser));
        }
        Caller.Participant participant = (Caller.Participant) caller;
        if (!participant.meetingId().equals(meetingId)) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, "this token covers another meeting");
        }
        if (actingUser != null) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, HEADER + " is for services only");
        }
        return Actor.participant(participant.userId());
    }

    /** The actor of a self command: the participant itself, or a service (acting for that participant only). */
    Actor self(MeetingId meetingId, UserId userId) {
        Actor actor = in(meetingId);
        if (actor instanceof Actor.Participant participant && !participant.user().equals(userId)) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, "a participant acts on the stage only for itself");
        }
        return actor;
    }

    /** For endpoints only services may call (create meeting, define preset, issue tokens). */
    Actor.Service service() {
        if (!(caller instanceof Caller.Service service)) {
            throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, "only services may do this");
        }
        if (actingUser != null) {
            throw new RequestRefused(ErrorCode.MALFORMED_REQUEST, HEADER + " does not apply to this endpoint");
        }
        return Actor.service(service.name());
    }

    /** Whose idempotency keys these are: the credentials, not the acting user. */
    String idempotencyScope() {
        return caller.principal();
    }

    /** Resolves a controller method's {@code Acting} parameter. */
    static final class Resolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Acting.class;
        }

        @Override
        public Acting resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
            return of(webRequest.getNativeRequest(HttpServletRequest.class));
        }
    }
}
