package io.stagedoor.query.live;

import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.query.fold.StageFold;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live notifications of one meeting in this process: the meeting folded at the head of the event stream, and
 * the streams watching it. Events from the tail are applied in order; while the fold is first built from storage,
 * they wait in {@code pending}.
 */
final class MeetingChannel {

    /** Held while the fold is first built from storage (not the channel's monitor: the tail must not wait for it). */
    final Object initialization = new Object();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private List<Envelope> pending = new ArrayList<>();
    private StageFold fold;
    private boolean closed;

    record Envelope(StageEvent event, long version) {
    }

    /** An event from the tail of the event store. */
    synchronized void onEvent(StageEvent event, long version) {
        if (fold == null) {
            pending.add(new Envelope(event, version));
            return;
        }
        publish(event, version);
    }

    /** The fold built from storage (up to its version) takes over; events that arrived meanwhile follow. */
    synchronized void initialized(StageFold built) {
        fold = built;
        pending.forEach(envelope -> publish(envelope.event(), envelope.version()));
        pending = null;
    }

    synchronized boolean isInitialized() {
        return fold != null;
    }

    private void publish(StageEvent event, long version) {
        if (version <= fold.version()) {
            return;
        }
        fold.apply(event, version);
        List<Notification> notifications = NotificationRules.derive(event, version, fold);
        for (Subscriber subscriber : subscribers) {
            subscriber.live(notifications.stream().filter(n -> subscriber.viewer.mayReceive(n, fold)).toList());
            if (subscriber.viewer.isGone(fold)) {
                subscriber.close();
            }
        }
    }

    /**
     * Adds a stream; notifications of events after the returned version reach it live (held back until it has caught
     * up). Null if the channel was closed meanwhile (the caller opens a new one).
     */
    synchronized Long subscribe(Subscriber subscriber) {
        if (closed) {
            return null;
        }
        subscribers.add(subscriber);
        return fold.version();
    }

    /** Removes a stream; the channel closes with its last stream. @return whether it closed */
    synchronized boolean unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
        if (subscribers.isEmpty() && fold != null) {
            closed = true;
        }
        return closed;
    }

    List<Subscriber> subscribers() {
        return subscribers;
    }
}
