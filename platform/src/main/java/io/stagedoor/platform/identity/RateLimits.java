package io.stagedoor.platform.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.web.ProblemWriter;
import io.stagedoor.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Per-caller rate limits with Bucket4j token buckets: one bucket per participant, one per API key, kept in memory
 * of this node (a Caffeine cache, so idle callers' buckets are dropped). Runs before the security filter chain, with
 * the caller its credential names ({@link Callers}: a verified token is remembered), so a refused request costs
 * neither the chain nor any database work. Refusals answer 2014 with {@code Retry-After} in whole seconds. Requests
 * whose credentials name nobody go on to the chain, which answers 2012. Being the first to verify a token, it is also
 * where a token that cannot be verified for now (the command side's keys cannot be fetched) answers 2015.
 */
final class RateLimits extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    private static final String BEARER = "Bearer ";
    private static final Duration KEYS_RETRY_AFTER = Duration.ofSeconds(2);

    private final RateLimitProperties limits;
    private final Callers callers;
    private final ProblemWriter problems;
    private final Cache<String, Bucket> buckets;

    RateLimits(RateLimitProperties limits, Callers callers, ProblemWriter problems) {
        this.limits = limits;
        this.callers = callers;
        this.problems = problems;
        this.buckets = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterAccess(Duration.ofMinutes(10)).build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Caller caller;
        try {
            caller = authorization != null && authorization.startsWith(BEARER)
                    ? callers.of(authorization.substring(BEARER.length()).trim()).orElse(null) : null;
        } catch (TokenVerifier.KeysUnavailable unavailable) {
            log.warn("A participant token could not be verified: {}", unavailable.getCause().getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(KEYS_RETRY_AFTER.toSeconds()));
            problems.write(response, Problems.of(ErrorCode.UNAVAILABLE, "participant tokens cannot be verified right "
                    + "now (the command side's keys cannot be fetched); retry later"));
            return;
        }
        if (caller != null && limited(caller)) {
            ConsumptionProbe probe = buckets.get(caller.principal(), principal -> bucketFor(caller))
                                            .tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999));
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                problems.write(response, Problems.of(ErrorCode.RATE_LIMITED, "too many requests from these "
                        + "credentials; retry after " + seconds + " s"));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private boolean limited(Caller caller) {
        return (caller instanceof Caller.Service ? limits.apiKeyPerSecond() : limits.participantPerSecond()) > 0;
    }

    private Bucket bucketFor(Caller caller) {
        boolean service = caller instanceof Caller.Service;
        long perSecond = service ? limits.apiKeyPerSecond() : limits.participantPerSecond();
        long burst = service ? limits.apiKeyBurst() : limits.participantBurst();
        return Bucket.builder()
                     .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                     .build();
    }
}
