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
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Per-caller rate limits with Bucket4j token buckets: one bucket per participant, one per API key, kept in memory
 * of this node (a Caffeine cache, so idle callers' buckets are dropped). Runs right after authentication, so a
 * refused request costs no database work. Refusals answer 2014 with {@code Retry-After} in whole seconds.
 */
final class RateLimits extends OncePerRequestFilter {

    private final RateLimitProperties limits;
    private final ProblemWriter problems;
    private final Cache<Caller, Bucket> buckets;

    RateLimits(RateLimitProperties limits, ProblemWriter problems) {
        this.limits = limits;
        this.problems = problems;
        this.buckets = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterAccess(Duration.ofMinutes(10)).build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof CallerAuthentication caller && limited(caller.caller())) {
            ConsumptionProbe probe = buckets.get(caller.caller(), this::bucketFor).tryConsumeAndReturnRemaining(1);
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
