package io.stagedoor.platform.web;

import io.stagedoor.kernel.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Refuses request bodies over the limit (64 KiB by default; more for the endpoints declared {@link LargerRequestBody})
 * with 2011: by {@code Content-Length} before reading, and while reading for chunked bodies that do not announce
 * their length.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final List<Map.Entry<Predicate<HttpServletRequest>, Long>> larger;
    private final ProblemWriter problems;

    public RequestBodyLimitFilter(long maxBytes, ProblemWriter problems) {
        this(maxBytes, List.of(), problems);
    }

    public RequestBodyLimitFilter(long maxBytes, List<LargerRequestBody> larger, ProblemWriter problems) {
        this.maxBytes = maxBytes;
        this.larger = larger.stream().map(endpoint -> Map.entry(endpoint.matcher(), endpoint.maxBytes())).toList();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = larger.stream().filter(endpoint -> endpoint.getKey().test(request)).mapToLong(Map.Entry::getValue)
                           .findFirst().orElse(maxBytes);
        if (request.getContentLengthLong() > limit) {
            problems.write(response, Problems.of(ErrorCode.MALFORMED_REQUEST, tooLarge(limit)));
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    private static String tooLarge(long limit) {
        return "the request body is larger than " + limit + " bytes";
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long maxBytes;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) {
                    read += n;
                    if (read > maxBytes) {
                        throw new RequestRefused(ErrorCode.MALFORMED_REQUEST, tooLarge(maxBytes));
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
