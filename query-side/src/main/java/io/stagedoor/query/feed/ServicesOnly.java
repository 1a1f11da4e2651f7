package io.stagedoor.query.feed;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.identity.Caller;
import io.stagedoor.platform.identity.CallerAuthentication;
import io.stagedoor.platform.web.RequestRefused;
import org.springframework.security.core.context.SecurityContextHolder;

/** The change feed and webhooks are for services: a participant's token is refused (2013). */
public final class ServicesOnly {

    private ServicesOnly() {
    }

    /**
     * @param what what is asked for, for the refusal's detail
     * @throws RequestRefused 2013 unless the caller is a service
     */
    public static Caller.Service require(String what) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication
                && authentication.caller() instanceof Caller.Service service) {
            return service;
        }
        throw new RequestRefused(ErrorCode.FORBIDDEN_SCOPE, what + " are for services only");
    }
}
