package io.stagedoor.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A Server-Sent Events client for tests: connects, parses events as they arrive, can disconnect at any moment. */
public final class SseClient implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** One received event. */
    public record Event(String id, String name, String data) {
    }

    private final BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final int status;
    private volatile String lastEventId;
    private volatile boolean ended;
    private final AtomicInteger comments = new AtomicInteger();

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** @param lastEventId sent as {@code Last-Event-ID}; null for none */
    public static SseClient connect(int port, String path, String credential, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                                 .header("Accept", "text/event-stream")
                                                 .header("Authorization", "Bearer " + credential);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    /** Comment lines received (keep-alives). */
    public int comments() {
        return comments.get();
    }

    /** The id of the last event received, as a browser's EventSource would remember it. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Waits until {@code count} events arrived (or the timeout passed) and returns what arrived. */
    public List<Event> take(int count, Duration timeout) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count) {
            Event next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            events.add(next);
        }
        return events;
    }

    /** Events that arrived within {@code quiet} of each other, until none does. */
    public List<Event> drain(Duration quiet) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        Event next;
        while ((next = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            events.add(next);
        }
        return events;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (name != null || !data.isEmpty()) {
                        if (id != null) {
                            lastEventId = id;
                        }
                        received.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (IOException closed) {
            // disconnected
        } finally {
            ended = true;
        }
    }

    /** Whether the stream has ended (the server closed it, went away, or {@link #close()} was called). */
    public boolean ended() {
        return ended;
    }
}
