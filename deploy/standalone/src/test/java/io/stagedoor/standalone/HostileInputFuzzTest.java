package io.stagedoor.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated run of more than 10,000 hostile requests over every endpoint of the standalone: bad JSON, huge bodies,
 * deep nesting, odd unicode, SQL and header injection, wrong methods, absurd query parameters, path traversal in ids,
 * forged credentials, malformed HTTP. Never a 5xx, never a stack trace or SQL in a body, every error problem+json, and
 * the service healthy after. The seed is printed; a failure names the request.
 */
class HostileInputFuzzTest {

    private static final Logger log = LoggerFactory.getLogger(HostileInputFuzzTest.class);
    private static final int REQUESTS = 10_500;
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at io.", "at org.", "java.", "SQL",
            "SELECT ", "INSERT ", "UPDATE ", "postgres", "axonframework", "springframework", "hikari", "jdbc");
    private static final List<String> STACK_TRACE = List.of("\tat ", "Caused by:", "Exception: ");
    private static final List<String> PATHS = List.of(
            "/v1/meetings", "/v1/meetings/{m}", "/v1/meetings/{m}/end", "/v1/meetings/{m}/participants",
            "/v1/meetings/{m}/participants/{u}", "/v1/meetings/{m}/participants/{u}/permissions",
            "/v1/meetings/{m}/participants/{u}/token", "/v1/meetings/{m}/participants/{u}/stage/request",
            "/v1/meetings/{m}/participants/{u}/stage/cancel-request", "/v1/meetings/{m}/participants/{u}/stage/join",
            "/v1/meetings/{m}/participants/{u}/stage/leave", "/v1/meetings/{m}/stage/grant", "/v1/meetings/{m}/stage/deny",
            "/v1/meetings/{m}/stage/kick", "/v1/meetings/{m}/stage", "/v1/meetings/{m}/stage/requests",
            "/v1/meetings/{m}/stage/history", "/v1/meetings/{m}/stage/as-of", "/v1/meetings/{m}/stage/events",
            "/v1/presets/{u}", "/v1/admin/projections", "/v1/admin/projections/{u}/replay",
            "/v1/admin/projections/{u}/dead-letters", "/v1/admin/projections/{u}/dead-letters/retry",
            "/v1/admin/reconciliation", "/.well-known/jwks.json", "/v3/api-docs", "/actuator/health",
            "/actuator/health/readiness", "/actuator/prometheus", "/error", "/", "/v1", "/v2/meetings", "/console",
            "/console/", "/console/{u}", "/console/assets/{u}");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE");

    /** Tomcat's limit on a request's line and headers ({@code server.max-http-request-header-size}, 8 KiB). */
    private static final int MAX_HEAD_BYTES = 8 * 1024;
    private static final AtomicInteger resetOversizedHeads = new AtomicInteger();
    private static StandaloneServer server;
    private static String viewerToken;

    @BeforeAll
    static void start() throws Exception {
        server = new StandaloneServer("stagedoor.rate-limit.participant-per-second=0",
                "stagedoor.rate-limit.api-key-per-second=0", "stagedoor.query.min-version-wait=200ms");
        server.service.post("/v1/meetings", "{\"meetingId\": \"fuzz\"}");
        server.add("fuzz", "host", "webinar_host");
        viewerToken = server.add("fuzz", "viewer", "webinar_viewer");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void hostileRequestsNeverBreakTheService() throws Exception {
        long seed = System.nanoTime();
        log.info("HostileInputFuzzTest seed {}", seed);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            Random random = new Random(seed + worker);
            // a client per worker: a request that finds its kept-alive connection broken names the exchange before it
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            workers.add(senders.submit(() -> {
                String previous = "none";
                for (int i = 0; i < REQUESTS / 4; i++) {
                    sent.incrementAndGet();
                    if (random.nextInt(40) == 0) {
                        String failure = sendRaw(random); // on a socket of its own
                        if (failure != null) {
                            failures.add(failure);
                        }
                        continue;
                    }
                    Exchange exchange = send(client, random);
                    if (exchange.failure() != null) {
                        failures.add(exchange.failure() + " (the exchange before on this client: " + previous + ")");
                    }
                    previous = exchange.request();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(15, TimeUnit.MINUTES);
        }
        senders.shutdown();

        log.info("HostileInputFuzzTest: {} requests; {} with a head over the limit were reset instead of answered 400",
                sent.get(), resetOversizedHeads.get());
        assertThat(sent.get()).isGreaterThanOrEqualTo(10_000);
        assertThat(failures).as("seed " + seed).isEmpty();
        assertThat(server.service.as(null).get("/actuator/health").status()).isEqualTo(200);
        assertThat(server.service.post("/v1/meetings/fuzz/participants/viewer/stage/request", null,
                "X-Acting-User", "viewer").status()).as("still serving commands").isIn(200, 409);
        assertThat(server.service.get("/v1/meetings/fuzz/stage").status()).isEqualTo(200);
    }

    /** The request line and headers, with about 300 bytes for those the client adds (Host, User-Agent, Upgrade…). */
    private static int headBytes(HttpRequest request) {
        int bytes = 300 + request.method().length() + request.uri().getRawPath().length()
                + (request.uri().getRawQuery() == null ? 0 : request.uri().getRawQuery().length()) + 12;
        for (var header : request.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + value.getBytes(StandardCharsets.UTF_8).length + 4;
            }
        }
        return bytes;
    }

    /** A request sent, and what was wrong with its answer (null if nothing). */
    private record Exchange(String request, String failure) {
    }

    /** One generated request over HTTP. */
    private static Exchange send(HttpClient client, Random random) {
        while (true) {
            try {
                return sendOne(client, random);
            } catch (IllegalArgumentException unsendable) {
                // a URI, header or method the HTTP client itself refuses: nothing reached the server; draw another
            }
        }
    }

    private static Exchange sendOne(HttpClient client, Random random) {
        String method = METHODS.get(random.nextInt(METHODS.size()));
        String path = PATHS.get(random.nextInt(PATHS.size()))
                           .replace("{m}", random.nextInt(3) == 0 ? "fuzz" : pick(random, hostileIds()))
                           .replace("{u}", random.nextInt(3) == 0 ? "viewer" : pick(random, hostileIds()));
        String query = random.nextInt(3) == 0 ? "" : "?" + pick(random, hostileQueries());
        String body = random.nextInt(4) == 0 ? null : body(random);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port + path + query))
                                                 .timeout(Duration.ofSeconds(10));
        String credential = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> viewerToken;
            case 2 -> pick(random, List.of("x", "Bearer", "null", viewerToken + "x", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
                    "a".repeat(20_000), "' OR '1'='1", "ключ-🔑"));
            default -> StandaloneServer.KEY;
        };
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        int headers = random.nextInt(4);
        for (int h = 0; h < headers; h++) {
            String[] header = pick(random, hostileHeaders());
            request.header(header[0], header[1]);
        }
        if (random.nextBoolean()) {
            request.header("Content-Type", pick(random, List.of("application/json", "text/plain", "application/xml",
                    "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/json;;;")));
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String description = method + " " + path + query + " " + abbreviate(body);
        HttpRequest built = request.build();
        try {
            HttpResponse<InputStream> response = client.send(built, HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            String text;
            try (InputStream in = response.body()) {
                text = contentType.startsWith("text/event-stream") ? "" : new String(in.readNBytes(1 << 20),
                        StandardCharsets.UTF_8);
            }
            return new Exchange(description + " -> " + response.statusCode(), judge(description + " "
                    + built.headers().map(), response.statusCode(), contentType, text, method));
        } catch (IOException e) {
            if (headBytes(built) > MAX_HEAD_BYTES) {
                // Tomcat answers a head over its limit with 400 and closes at once; a client still sending its body
                // then gets a reset that can overtake the answer. Refused either way: judged when an answer arrives.
                resetOversizedHeads.incrementAndGet();
                return new Exchange(description + " -> reset (head over the limit)", null);
            }
            return new Exchange(description, description + " -> connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Exchange(description, "interrupted");
        }
    }

    /** Malformed HTTP and header injection, which no HTTP client library will send: written to a socket. */
    private static String sendRaw(Random random) {
        String request = pick(random, List.of(
                "GET /v1/meetings/fuzz/stage HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + StandaloneServer.KEY
                        + "\r\nX-Acting-User: host\r\nX-Injected: a\rb\r\nConnection: close\r\n\r\n",
                "POST /v1/meetings/fuzz/stage/grant HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + StandaloneServer.KEY
                        + "\r\nX-Acting-User: host\r\nSet-Cookie: injected\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{\"a\":",
                "GET /v1/meetings/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /v1/meetings/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /v1/meetings/fuzz%00/stage HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /v1/meetings/" + "m".repeat(20_000) + "/stage HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "BREW /v1/meetings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /v1/meetings/fuzz/stage HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET\r\n\r\n",
                "POST /v1/meetings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + StandaloneServer.KEY
                        + "\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
                "POST /v1/meetings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + StandaloneServer.KEY
                        + "\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\nzz\r\n",
                "GET /v1/meetings/fuzz/stage HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u0000\u0001\r\nConnection: close\r\n\r\n",
                "GET /v1/meetings/fuzz/stage HTTP/1.1\r\nHost: x\r\n" + "X-Big: " + "b".repeat(70_000)
                        + "\r\nConnection: close\r\n\r\n"));
        try (Socket socket = new Socket("localhost", server.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(1 << 20), StandardCharsets.ISO_8859_1);
            if (answer.isEmpty()) {
                return null; // the server closed a connection it could not parse
            }
            String statusLine = answer.lines().findFirst().orElse("");
            String[] parts = statusLine.split(" ");
            int status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
            int bodyStart = answer.indexOf("\r\n\r\n");
            String head = bodyStart < 0 ? answer : answer.substring(0, bodyStart);
            String contentType = head.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                                     .map(l -> l.substring(13).trim()).findFirst().orElse("");
            String body = bodyStart < 0 ? "" : answer.substring(bodyStart + 4);
            if (head.toLowerCase().contains("\nset-cookie: injected") || head.toLowerCase().contains("\nx-injected")) {
                return "raw " + abbreviate(request) + " -> injected header echoed";
            }
            return judge("raw " + abbreviate(request), status, contentType, body, "GET");
        } catch (IOException e) {
            return null; // reset while refusing a malformed request: no answer, no harm
        }
    }

    private static String judge(String request, int status, String contentType, String body, String method) {
        if (status >= 500 || status < 100) {
            return request + " -> " + status + " " + abbreviate(body);
        }
        // Error bodies must name nothing internal; successful ones (metrics, the API description) may mention
        // exceptions or SQL as words, but never carry a stack trace.
        for (String leak : status >= 400 ? LEAKS : STACK_TRACE) {
            if (body.contains(leak) && !request.contains(leak)) {
                return request + " -> leaks '" + leak + "': " + abbreviate(body);
            }
        }
        if (status >= 400 && !method.equals("HEAD") && !contentType.startsWith("application/problem+json")) {
            return request + " -> " + status + " as '" + contentType + "': " + abbreviate(body);
        }
        return null;
    }

    private static List<String> hostileIds() {
        return List.of("..", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2F..%2F", "%00", "a%00b", "%E2%80%AE",
                "x".repeat(129), "x".repeat(5000), "service:x", "%27%3B%20DROP%20TABLE%20domain_event_entry%3B--",
                "%3Cscript%3E", "a%2Fb", "%C3%A9", "%F0%9F%92%A9", "%FF%FE", "%C0%AF", "1e400", "-1", "null", "%20",
                "%09", "CON", "~root", "%25", "%u002e", "a;b", "a=b", "%7B%7D", "fuzz%0d%0aX-Injected:%201");
    }

    private static List<String> hostileQueries() {
        return List.of("limit=-1", "limit=0", "limit=99999999999999999999", "limit=1e3", "limit=abc", "cursor=!!!",
                "cursor=" + "A".repeat(3000), "cursor=eyJ2IjoiLTEifQ", "status=SLEEPING", "status=ON_STAGE&status=x",
                "after=-5", "after=9223372036854775808", "at=yesterday", "at=9999-12-31T23:59:59Z",
                "at=-999999999-01-01T00:00:00Z", "version=-5", "version=99999999999", "minVersion=abc",
                "minVersion=-1", "minVersion=99999999999999", "minVersion=9223372036854775807", "minVersion=1",
                "a=" + "%00".repeat(100), "%zz=1", "limit=1&limit=2", "limit=%27%20OR%201=1", "x=" + "y".repeat(8000));
    }

    private static List<String[]> hostileHeaders() {
        return List.of(new String[]{"If-Match", "\"abc\""}, new String[]{"If-Match", "W/\"1\", \"2\""},
                new String[]{"If-Match", "\"99999999999999999999\""}, new String[]{"If-Match", "*"},
                new String[]{"Idempotency-Key", "k".repeat(5000)}, new String[]{"Idempotency-Key", "ключ 🔑"},
                new String[]{"X-Acting-User", "a b"}, new String[]{"X-Acting-User", "service:x"},
                new String[]{"X-Acting-User", "' OR 1=1 --"}, new String[]{"X-Acting-User", "host"},
                new String[]{"Last-Event-ID", "-1"}, new String[]{"Last-Event-ID", "abc"},
                new String[]{"Last-Event-ID", "99999999999999999999"}, new String[]{"Accept", "application/xml"},
                new String[]{"Accept", "text/event-stream"}, new String[]{"Accept-Charset", "utf-7"},
                new String[]{"Content-Encoding", "gzip"}, new String[]{"X-Forwarded-For", "127.0.0.1, ' OR 1=1"});
    }

    private static String body(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> "[".repeat(10_000) + "]".repeat(10_000);
            case 1 -> "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
            case 2 -> "{\"userIds\": [\"" + "u".repeat(2_000_000) + "\"]}";
            case 3 -> noise(random);
            case 4 -> "{\"userId\": \"'; DROP TABLE domain_event_entry; --\", \"preset\": \"webinar_viewer\"}";
            case 5 -> "{\"userId\": \"\\u0000\\ud800\", \"name\": \"\u202Eevil\", \"preset\": \"webinar_viewer\"}";
            case 6 -> "{\"meetingId\": \"" + pick(random, List.of("..", "a/b", "\u0000", "日本語", "x".repeat(300))) + "\"}";
            case 7 -> "{\"userIds\": " + pick(random, List.of("null", "[null]", "[1,2]", "\"x\"", "[\"host\"]",
                    "[" + "\"v\",".repeat(5000) + "\"v\"]")) + ", \"all\": " + pick(random, List.of("true", "1", "null")) + "}";
            case 8 -> "{\"maxOnStage\": " + pick(random, List.of("1e400", "-1", "2147483648", "NaN", "\"3\"")) + "}";
            case 9 -> "{\"stageAccess\": \"" + pick(random, List.of("ALLOWED", "allowed", "SUPER", "")) + "\", \"x\": 1}";
            case 10 -> "\uFEFF{}";
            default -> pick(random, List.of("", "{", "null", "42", "\"text\"", "{\"a\":1,\"a\":2}", "{} trailing"));
        };
    }

    private static String noise(Random random) {
        StringBuilder noise = new StringBuilder();
        int length = 1 + random.nextInt(200);
        for (int c = 0; c < length; c++) {
            noise.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0xFFFF)));
        }
        return noise.toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
