package io.stagedoor.query.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * One open SSE stream. Notifications are queued without blocking (the meeting's channel never waits for a client)
 * and written by a shared sender pool, one task per stream at a time. A client that falls {@code maxQueued} behind
 * is disconnected; it resumes from storage with {@code Last-Event-ID}, losing nothing.
 */
final class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);
    private static final Object HEARTBEAT = new Object();

    final Viewer viewer;
    private final SseEmitter emitter;
    private final Executor sender;
    private final int maxQueued;
    private final Queue<Object> queue = new ArrayDeque<>();
    private List<Notification> heldBack = new ArrayList<>();
    /** Notifications of events up to this version are not sent (the client has them: its Last-Event-ID). */
    private final long deliveredUpTo;
    private boolean draining;
    private volatile boolean closed;
    private Runnable onClose = () -> { };

    Subscriber(Viewer viewer, SseEmitter emitter, Executor sender, int maxQueued, long deliveredUpTo) {
        this.viewer = viewer;
        this.emitter = emitter;
        this.sender = sender;
        this.maxQueued = maxQueued;
        this.deliveredUpTo = deliveredUpTo;
    }

    void onClose(Runnable onClose) {
        this.onClose = onClose;
    }

    /** A live notification; held back while the stream is still catching up from storage. */
    synchronized void live(Notification notification) {
        if (heldBack != null) {
            heldBack.add(notification);
        } else {
            enqueue(notification);
        }
    }

    /** A notification replayed from storage (before the live ones held back meanwhile). */
    synchronized void replayed(Notification notification) {
        enqueue(notification);
    }

    /** Catching up is done: what arrived live meanwhile follows, without duplicates. */
    synchronized void caughtUp() {
        List<Notification> held = heldBack;
        heldBack = null;
        held.forEach(this::enqueue);
    }

    synchronized void heartbeat() {
        if (!closed) {
            queue.add(HEARTBEAT);
            scheduleDrain();
        }
    }

    private void enqueue(Notification notification) {
        if (closed || notification.version() <= deliveredUpTo) {
            return;
        }
        if (queue.size() >= maxQueued) {
            log.info("Disconnecting a client {} notifications behind; it resumes with Last-Event-ID", maxQueued);
            close();
            return;
        }
        queue.add(notification);
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
            Object next;
            synchronized (this) {
                next = queue.poll();
                if (next == null || closed) {
                    draining = false;
                    return;
                }
            }
            try {
                if (next == HEARTBEAT) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } else {
                    Notification notification = (Notification) next;
                    emitter.send(SseEmitter.event().id(String.valueOf(notification.version())).name(notification.name())
                                          .data(notification.data(), MediaType.APPLICATION_JSON));
                }
            } catch (IOException | IllegalStateException gone) {
                close();
                return;
            }
        }
    }

    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        try {
            emitter.complete();
        } catch (IllegalStateException alreadyDone) {
            // the client went away first
        }
        onClose.run();
    }

    boolean isClosed() {
        return closed;
    }
}
