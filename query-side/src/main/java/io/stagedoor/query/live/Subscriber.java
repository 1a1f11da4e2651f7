package io.stagedoor.query.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One open SSE stream. The notifications of one event arrive as a group and are written in one piece, so a client
 * never holds part of a version: its {@code Last-Event-ID} always means "everything up to this version". Groups are
 * queued without blocking (the meeting's channel never waits for a client) and written by a shared sender pool, one
 * task per stream at a time. A client that falls {@code maxQueued} groups behind is disconnected; it resumes from
 * storage with {@code Last-Event-ID}, losing nothing.
 */
final class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);
    /** Markers in the queue (compared by identity, so two distinct instances). */
    private static final List<Notification> HEARTBEAT = Collections.unmodifiableList(new ArrayList<>());
    private static final List<Notification> GREETING = Collections.unmodifiableList(new ArrayList<>());

    final Viewer viewer;
    private final ResponseBodyEmitter emitter;
    private final Executor sender;
    private final Function<Notification, String> format;
    private final int maxQueued;
    /** Notifications of events up to this version are not sent: the client has them (its Last-Event-ID). */
    private final long deliveredUpTo;
    private final Queue<List<Notification>> queue = new ArrayDeque<>();
    private List<List<Notification>> heldBack = new ArrayList<>();
    private boolean draining;
    private volatile boolean closed;
    private Runnable onClose = () -> { };

    Subscriber(Viewer viewer, ResponseBodyEmitter emitter, Executor sender, Function<Notification, String> format,
               int maxQueued, long deliveredUpTo) {
        this.viewer = viewer;
        this.emitter = emitter;
        this.sender = sender;
        this.format = format;
        this.maxQueued = maxQueued;
        this.deliveredUpTo = deliveredUpTo;
        queue.add(GREETING);
    }

    void onClose(Runnable onClose) {
        this.onClose = onClose;
    }

    /** The notifications of one live event; held back while the stream is still catching up from storage. */
    synchronized void live(List<Notification> group) {
        if (heldBack != null) {
            heldBack.add(group);
        } else {
            enqueue(group);
        }
    }

    /** The notifications of one stored event the client missed (sent before those held back meanwhile). */
    synchronized void replayed(List<Notification> group) {
        enqueue(group);
    }

    /** Catching up is done: what arrived live meanwhile follows, without duplicates. */
    synchronized void caughtUp() {
        List<List<Notification>> held = heldBack;
        heldBack = null;
        held.forEach(this::enqueue);
        scheduleDrain();
    }

    synchronized void heartbeat() {
        if (!closed && heldBack == null) {
            queue.add(HEARTBEAT);
            scheduleDrain();
        }
    }

    private void enqueue(List<Notification> group) {
        if (closed || group.isEmpty() || group.get(0).version() <= deliveredUpTo) {
            return;
        }
        if (queue.size() >= maxQueued) {
            log.info("Disconnecting a client {} events behind; it resumes with Last-Event-ID", maxQueued);
            sender.execute(this::close);
            closed = true;
            return;
        }
        queue.add(group);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!draining) {
            draining = true;
            sender.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            StringBuilder text = new StringBuilder();
            synchronized (this) {
                List<Notification> group;
                while (text.length() < 64 * 1024 && (group = queue.poll()) != null) {
                    if (group == GREETING) {
                        text.append("retry:2000\n\n");
                    } else if (group == HEARTBEAT) {
                        text.append(":keep-alive\n\n");
                    } else {
                        group.forEach(notification -> text.append(format.apply(notification)));
                    }
                }
                if (text.isEmpty() || closed) {
                    draining = false;
                    return;
                }
            }
            try {
                emitter.send(text.toString(), MediaType.TEXT_PLAIN);
            } catch (IOException | IllegalStateException gone) {
                end(false);
                return;
            }
        }
    }

    /** Ends the stream (the client may reconnect and resume). */
    void close() {
        end(true);
    }

    /** @param completeResponse false when the connection is already broken (the container completes it) */
    private void end(boolean completeResponse) {
        Runnable cleanup;
        synchronized (this) {
            closed = true;
            queue.clear();
            cleanup = onClose;
            onClose = null;
        }
        if (cleanup == null) {
            return;
        }
        if (completeResponse) {
            try {
                emitter.complete();
            } catch (RuntimeException alreadyBroken) {
                // the client went away first
            }
        }
        cleanup.run();
    }
}
