package io.stagedoor.query.live;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.platform.presence.PresenceRows;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.query.fold.StageFold;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live notifications (SPEC §5) in this process. It tails the event store itself — so a client connected to any
 * query node receives every notification of its meeting, with no broker — and derives notifications from the events
 * through the meeting's fold. A client resuming with {@code Last-Event-ID} first receives, from the stored events,
 * everything after that id, then the live stream: no gap, no duplicate.
 */
public class LiveNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveNotifications.class);

    private final EmbeddedEventStore eventStore;
    private final EventStorageEngine storage;
    private final LiveProperties properties;
    private final JsonMapper json;
    private final Map<String, MeetingChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perViewer = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ExecutorService sender;
    private final StreamPresence presence;
    private final ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("sse-heartbeat"));
    private volatile boolean running;
    private Thread tail;

    public LiveNotifications(EmbeddedEventStore eventStore, EventStorageEngine storage, JsonMapper json,
                             LiveProperties properties, PresenceRows presenceRows) {
        this.presence = new StreamPresence(presenceRows);
        this.eventStore = eventStore;
        this.json = json;
        this.storage = storage;
        this.properties = properties;
        this.sender = Executors.newFixedThreadPool(properties.senderThreads(), new AxonThreadFactory("sse-sender"));
    }

    /**
     * Opens a stream of the meeting's notifications for the viewer.
     *
     * @param lastEventId the last notification id the client received, or null for live notifications only
     * @throws RequestRefused 2014 if this node or this viewer has too many streams open
     */
    ResponseBodyEmitter open(MeetingId meetingId, Viewer viewer, Long lastEventId) {
        String viewerKey = meetingId.value() + "/" + viewer.key();
        AtomicInteger ofViewer = perViewer.computeIfAbsent(viewerKey, k -> new AtomicInteger());
        int onThisNode = open.incrementAndGet();
        int ofThisViewer = ofViewer.incrementAndGet();
        if (onThisNode > properties.maxConnections() || ofThisViewer > properties.maxConnectionsPerViewer()) {
            release(viewerKey, ofViewer);
            throw new RequestRefused(ErrorCode.RATE_LIMITED, "too many live streams open; close one or retry later");
        }
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(0L);
        Subscriber opened = null;
        try {
            MeetingChannel channel;
            Long liveAfter;
            Subscriber subscriber;
            do {
                channel = initializedChannel(meetingId);
                subscriber = new Subscriber(viewer, emitter, sender, this::format, properties.maxQueuedPerConnection(),
                        lastEventId == null ? -1 : lastEventId);
                liveAfter = channel.subscribe(subscriber);
                if (liveAfter == null) {
                    channels.remove(meetingId.value(), channel);
                }
            } while (liveAfter == null);
            Subscriber registered = subscriber;
            MeetingChannel joined = channel;
            if (viewer instanceof Viewer.Participant participant) {
                presence.opened(meetingId, participant.userId());
            }
            registered.onClose(() -> {
                if (joined.unsubscribe(registered)) {
                    channels.remove(meetingId.value(), joined);
                }
                if (viewer instanceof Viewer.Participant participant) {
                    presence.closed(meetingId, participant.userId());
                }
                release(viewerKey, ofViewer);
            });
            opened = registered;
            emitter.onCompletion(registered::close);
            emitter.onError(error -> registered.close());
            emitter.onTimeout(registered::close);
            if (lastEventId != null && lastEventId < liveAfter) {
                foldStored(meetingId, liveAfter, registered, lastEventId);
            }
            registered.caughtUp();
            return emitter;
        } catch (RuntimeException e) {
            if (opened != null) {
                // registered: closing runs its clean-up once (leaves the channel, ends its presence, releases)
                opened.close();
            } else {
                release(viewerKey, ofViewer);
            }
            throw e;
        }
    }

    private void release(String viewerKey, AtomicInteger ofViewer) {
        open.decrementAndGet();
        if (ofViewer.decrementAndGet() <= 0) {
            perViewer.remove(viewerKey, ofViewer);
        }
    }

    private MeetingChannel initializedChannel(MeetingId meetingId) {
        MeetingChannel channel = channels.computeIfAbsent(meetingId.value(), k -> new MeetingChannel());
        synchronized (channel.initialization) {
            if (!channel.isInitialized()) {
                StageFold fold = foldStored(meetingId, Long.MAX_VALUE, null, null);
                if (fold.version() < 0) {
                    channels.remove(meetingId.value(), channel);
                    throw meetingNotFound(meetingId);
                }
                channel.initialized(fold);
            }
        }
        return channel;
    }

    /**
     * Refuses a meeting that has no stream to open, as {@link #open} would, without opening one.
     *
     * @throws RequestRefused 2007 if the meeting does not exist
     */
    void requireMeeting(MeetingId meetingId) {
        if (storage.lastSequenceNumberFor(meetingId.value()).isEmpty()) {
            throw meetingNotFound(meetingId);
        }
    }

    private static RequestRefused meetingNotFound(MeetingId meetingId) {
        return new RequestRefused(ErrorCode.MEETING_NOT_FOUND, "meeting '" + meetingId + "' does not exist");
    }

    /** Folds the meeting's stored events up to a version; replays the notifications after {@code after} to a subscriber. */
    private StageFold foldStored(MeetingId meetingId, long until, Subscriber replayTo, Long after) {
        StageFold fold = new StageFold();
        DomainEventStream stream = storage.readEvents(meetingId.value(), 0);
        while (stream.hasNext() && stream.peek().getSequenceNumber() <= until) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof StageEvent event) {
                fold.apply(event, message.getSequenceNumber());
                if (replayTo != null && message.getSequenceNumber() > after) {
                    replayTo.replayed(NotificationRules.derive(event, message.getSequenceNumber(), fold).stream()
                                                       .filter(n -> replayTo.viewer.mayReceive(n, fold)).toList());
                }
            }
        }
        return fold;
    }

    /** One notification as an SSE event: {@code id} is the version of the event that produced it. */
    private String format(Notification notification) {
        return "id:" + notification.version() + "\nevent:" + notification.name() + "\ndata:"
                + json.writeValueAsString(notification.data()) + "\n\n";
    }

    // ---- the tail of the event store ---------------------------------------------------------------------------

    @Override
    public void start() {
        running = true;
        tail = new Thread(this::tailEvents, "event-tail");
        tail.setDaemon(true);
        tail.start();
        presence.start(properties.presenceRefresh());
        heartbeats.scheduleAtFixedRate(() -> channels.values().forEach(c -> c.subscribers().forEach(Subscriber::heartbeat)),
                properties.heartbeat().toMillis(), properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tailEvents() {
        while (running) {
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(eventStore.createHeadToken())) {
                while (running) {
                    if (!stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        continue;
                    }
                    TrackedEventMessage<?> message = stream.nextAvailable();
                    if (message instanceof DomainEventMessage<?> domain) {
                        MeetingChannel channel = channels.get(domain.getAggregateIdentifier());
                        if (channel != null && domain.getPayload() instanceof StageEvent event) {
                            channel.onEvent(event, domain.getSequenceNumber());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("The event tail failed ({}); live streams are closed and clients resume", e.toString());
                    channels.values().forEach(c -> c.subscribers().forEach(Subscriber::close));
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (tail != null) {
            tail.interrupt();
        }
        heartbeats.shutdownNow();
        presence.stop();
        channels.values().forEach(c -> c.subscribers().forEach(Subscriber::close));
        sender.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
