package io.stagedoor.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.function.Predicate;

/**
 * An endpoint whose request bodies may be larger than {@link WebConfiguration#MAX_BODY_BYTES}, declared as a bean by
 * the module that serves it (adding up to 1,000 participants in one request needs more than 64 KiB).
 *
 * @param method      the HTTP method, as in {@code POST}
 * @param pathPattern a Spring path pattern, as in {@code /v1/meetings/{meetingId}/participants/batch}
 * @param maxBytes    the limit for its bodies
 */
public record LargerRequestBody(String method, String pathPattern, long maxBytes) {

    public LargerRequestBody {
        if (maxBytes <= WebConfiguration.MAX_BODY_BYTES) {
            throw new IllegalArgumentException("a larger body limit must exceed " + WebConfiguration.MAX_BODY_BYTES);
        }
        PathPatternParser.defaultInstance.parse(pathPattern);
    }

    /** Matches requests to the endpoint, its pattern parsed once. */
    Predicate<HttpServletRequest> matcher() {
        PathPattern pattern = PathPatternParser.defaultInstance.parse(pathPattern);
        return request -> method.equalsIgnoreCase(request.getMethod())
                && pattern.matches(PathContainer.parsePath(request.getRequestURI()));
    }
}
