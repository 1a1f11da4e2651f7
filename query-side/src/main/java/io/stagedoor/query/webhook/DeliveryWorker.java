package io.stagedoor.query.webhook;

import io.stagedoor.query.feed.IntegrationSignal;
import org.axonframework.common.AxonThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends webhook deliveries from this node. One dispatcher thread claims due lane heads (see {@link Deliveries}) when
 * new work is signalled — by the feed writer, an API call, another node's {@code NOTIFY}, a finished attempt — or every
 * {@code pollInterval} for due retries. Sends are asynchronous (the JDK's HTTP client, HTTP/1.1, no redirects, connect
 * and request timeouts), so a slow endpoint holds no thread, only its own in-flight places: at most
 * {@code maxInFlightPerEndpoint} of this node's {@code maxInFlight}. Checking the target (a DNS lookup, which can
 * block for seconds) runs on a thread of the delivery's own (at most {@code maxInFlight} of them), so a name that
 * resolves slowly delays only its own endpoint; recording outcomes runs on a small pool. Neither runs on the command
 * path or the feed writer.
 */
final class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    static final int RESPONSE_EXCERPT = 1000;

    private final Deliveries deliveries;
    private final TargetPolicy targets;
    private final WebhookProperties properties;
    private final IntegrationSignal signal;
    private final Clock clock;
    private final HttpClient client;
    private final ExecutorService work = Executors.newFixedThreadPool(4, new AxonThreadFactory("webhook-work"));
    private final ExecutorService resolving;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Object wake = new Object();
    private final Runnable onSignal = this::wake;
    private long signals;
    private volatile boolean running;
    private Thread dispatcher;

    DeliveryWorker(Deliveries deliveries, TargetPolicy targets, WebhookProperties properties, IntegrationSignal signal,
                   Clock clock) {
        this.deliveries = deliveries;
        this.targets = targets;
        this.properties = properties;
        this.signal = signal;
        this.clock = clock;
        // a thread per lookup under way: the in-flight limit already bounds how many there are at once
        this.resolving = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new AxonThreadFactory("webhook-resolve"));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .connectTimeout(properties.connectTimeout())
                                .executor(Executors.newFixedThreadPool(2, new AxonThreadFactory("webhook-http")))
                                .build();
    }

    // ---- dispatching ---------------------------------------------------------------------------------------------

    private void dispatch() {
        while (running) {
            long seen;
            synchronized (wake) {
                seen = signals;
            }
            try {
                int free = properties.maxInFlight() - total.get();
                if (free > 0) {
                    Map<String, Integer> busy = new HashMap<>();
                    inFlight.forEach((endpoint, count) -> busy.put(endpoint, count.get()));
                    List<Deliveries.Claim> claimed = deliveries.claim(free, properties.maxInFlightPerEndpoint(), busy,
                            properties.lease());
                    claimed.forEach(this::start);
                    if (claimed.size() == free) {
                        continue;
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Could not claim webhook deliveries ({}); trying again", e.toString());
            }
            try {
                synchronized (wake) {
                    if (signals == seen) {
                        wake.wait(properties.pollInterval().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void wake() {
        synchronized (wake) {
            signals++;
            wake.notifyAll();
        }
    }

    private void start(Deliveries.Claim claim) {
        inFlight.computeIfAbsent(claim.endpointId(), e -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        try {
            resolving.execute(() -> send(claim));
        } catch (RuntimeException shuttingDown) {
            finished(claim);
        }
    }

    private void send(Deliveries.Claim claim) {
        URI target = URI.create(claim.url());
        Optional<String> refused = targets.refusal(target);
        if (refused.isPresent()) {
            Deliveries.Outcome outcome = new Deliveries.Outcome(null, "target refused: " + refused.get(), null, null);
            work.execute(() -> complete(claim, outcome));
            return;
        }
        if (claim.secrets().isEmpty()) {
            Deliveries.Outcome outcome = new Deliveries.Outcome(null, "cannot decrypt the endpoint's secret: is "
                    + "stagedoor.webhooks.secret-key-file the key it was stored with?", null, null);
            work.execute(() -> complete(claim, outcome));
            return;
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(properties.requestTimeout())
                                         .header("Content-Type", "application/json")
                                         .header("User-Agent", "Stagedoor-Webhooks/1")
                                         .header("webhook-id", claim.messageId())
                                         .header("webhook-timestamp", String.valueOf(timestamp))
                                         .header("webhook-signature", Signatures.header(claim.secrets(),
                                                 claim.messageId(), timestamp, claim.body()))
                                         .POST(HttpRequest.BodyPublishers.ofString(claim.body(), StandardCharsets.UTF_8))
                                         .build();
        client.sendAsync(request, response -> new Excerpt(RESPONSE_EXCERPT))
              .orTimeout(properties.requestTimeout().plus(properties.connectTimeout()).toMillis(), TimeUnit.MILLISECONDS)
              .whenCompleteAsync((response, failure) -> complete(claim, failure == null ? outcome(response)
                      : new Deliveries.Outcome(null, describe(failure), null, null)), work);
    }

    private static Deliveries.Outcome outcome(HttpResponse<String> response) {
        int status = response.statusCode();
        boolean success = status >= 200 && status < 300;
        return new Deliveries.Outcome(status, success ? null : "the endpoint answered " + status, response.body(),
                retryAfter(response.headers()));
    }

    private void complete(Deliveries.Claim claim, Deliveries.Outcome outcome) {
        try {
            Instant retryAt = outcome.succeeded() ? null : nextAttempt(claim.attempts() + 1, outcome.retryAfter());
            deliveries.record(claim, outcome, retryAt, properties.disableAfter());
        } catch (RuntimeException e) {
            log.warn("Could not record webhook delivery {} ({}); it is attempted again when its lease ends", claim.id(),
                    e.toString());
        } finally {
            finished(claim);
        }
    }

    private void finished(Deliveries.Claim claim) {
        inFlight.computeIfPresent(claim.endpointId(), (e, count) -> count.decrementAndGet() == 0 ? null : count);
        total.decrementAndGet();
        wake();
    }

    /**
     * When to try again after {@code attempts} failed attempts: the schedule's pause, lengthened at random by up to the
     * jitter (never shortened: the schedule's sum is the shortest time a delivery is retried for), or later if the endpoint asked so ({@code Retry-After}, up to the schedule's longest pause);
     * null once the schedule is used up (the delivery is given up).
     */
    Instant nextAttempt(int attempts, Duration retryAfter) {
        List<Duration> schedule = properties.retrySchedule();
        if (attempts > schedule.size()) {
            return null;
        }
        double jitter = 1 + properties.retryJitter() * ThreadLocalRandom.current().nextDouble();
        Duration pause = Duration.ofMillis(Math.round(schedule.get(attempts - 1).toMillis() * jitter));
        if (retryAfter != null) {
            Duration longest = schedule.stream().max(Duration::compareTo).orElse(pause);
            pause = max(pause, retryAfter.compareTo(longest) > 0 ? longest : retryAfter);
        }
        return clock.instant().plus(pause);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Duration retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::trim);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.get())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer in time";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Keeps the first bytes of a response body and stops reading there. */
    private static final class Excerpt implements HttpResponse.BodySubscriber<String> {

        private final int limit;
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Excerpt(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletableFuture<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                while (item.hasRemaining() && bytes.size() < limit) {
                    bytes.write(item.get());
                }
            }
            if (bytes.size() >= limit) {
                subscription.cancel();
                complete();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            complete();
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            body.complete(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    @Override
    public void start() {
        running = true;
        signal.subscribe(onSignal);
        dispatcher = new Thread(this::dispatch, "webhook-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public void stop() {
        running = false;
        signal.unsubscribe(onSignal);
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        resolving.shutdown();
        work.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
