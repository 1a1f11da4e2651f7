package io.stagedoor.query.feed;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.web.RequestRefused;
import org.axonframework.common.AxonThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The change feed as Server-Sent Events, each with {@code id:} its position. Every stream reads the feed table itself
 * from where its client is (its {@code Last-Event-ID}), a chunk at a time, and then waits for the next signal of new
 * events (this process's feed writer, or a {@code NOTIFY} from another's), looking again at least every second: since
 * the feed is only ever read after a position, and positions commit in order, a stream resumes with no gap and no
 * duplicate. Each stream has a thread of its own, so at most {@code maxStreams} are open per node (2014 beyond).
 */
public final class FeedStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedStreams.class);
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final Feed feed;
    private final JsonMapper json;
    private final IntegrationSignal signal;
    private final Duration heartbeat;
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newCachedThreadPool(new AxonThreadFactory("feed-stream"));
    private final Set<ResponseBodyEmitter> open = ConcurrentHashMap.newKeySet();
    private final Object newEvents = new Object();
    /** Counts signals, so a signal that came while a stream was reading is not missed (guarded by newEvents). */
    private long signals;
    private final Runnable wake = this::wake;
    private volatile boolean running;

    public FeedStreams(Feed feed, JsonMapper json, IntegrationSignal signal, int maxStreams, Duration heartbeat) {
        this.feed = feed;
        this.json = json;
        this.signal = signal;
        this.heartbeat = heartbeat;
        this.slots = new Semaphore(maxStreams);
    }

    /** @throws RequestRefused 2014 when this node has {@code maxStreams} feed streams open */
    ResponseBodyEmitter open(Feed.Filter filter) {
        if (!running || !slots.tryAcquire()) {
            throw new RequestRefused(ErrorCode.RATE_LIMITED, "too many feed streams open on this node; retry later");
        }
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(0L);
        open.add(emitter);
        try {
            threads.execute(() -> {
                try {
                    stream(filter, emitter);
                } finally {
                    open.remove(emitter);
                    slots.release();
                }
            });
        } catch (RuntimeException rejected) {
            open.remove(emitter);
            slots.release();
            throw new RequestRefused(ErrorCode.UNAVAILABLE, "this node is shutting down");
        }
        return emitter;
    }

    private void stream(Feed.Filter filter, ResponseBodyEmitter emitter) {
        long last = filter.after();
        long quietSince = System.nanoTime();
        try {
            emitter.send("retry:2000\n\n", MediaType.TEXT_PLAIN);
            while (running) {
                long seen = signalsSoFar();
                long head = feed.head();
                long[] sent = {0};
                long reached = feed.forEach(filter.after(last), Long.MAX_VALUE, events -> {
                    emitter.send(format(events), MediaType.TEXT_PLAIN);
                    sent[0] += events.size();
                    return running;
                });
                last = Math.max(reached, head);
                if (sent[0] > 0) {
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince >= heartbeat.toNanos()) {
                    emitter.send(":keep-alive\n\n", MediaType.TEXT_PLAIN);
                    quietSince = System.nanoTime();
                }
                awaitNewEvents(seen);
            }
            emitter.complete();
        } catch (IOException | IllegalStateException clientGone) {
            emitter.completeWithError(clientGone);
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            log.warn("A feed stream failed ({}); its client resumes with Last-Event-ID", e.toString());
            emitter.complete();
        }
    }

    private String format(List<FeedEvent> events) {
        StringBuilder text = new StringBuilder();
        for (FeedEvent event : events) {
            text.append("id:").append(event.position()).append("\nevent:").append(event.type()).append("\ndata:")
                .append(json.writeValueAsString(event)).append("\n\n");
        }
        return text.toString();
    }

    private long signalsSoFar() {
        synchronized (newEvents) {
            return signals;
        }
    }

    private void awaitNewEvents(long seen) throws InterruptedException {
        synchronized (newEvents) {
            if (signals == seen) {
                newEvents.wait(RECHECK.toMillis());
            }
        }
    }

    private void wake() {
        synchronized (newEvents) {
            signals++;
            newEvents.notifyAll();
        }
    }

    int openStreams() {
        return open.size();
    }

    @Override
    public void start() {
        running = true;
        signal.subscribe(wake);
    }

    @Override
    public void stop() {
        running = false;
        signal.unsubscribe(wake);
        wake();
        threads.shutdownNow();
        open.forEach(ResponseBodyEmitter::complete);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
