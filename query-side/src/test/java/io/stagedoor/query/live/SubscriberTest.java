package io.stagedoor.query.live;

import io.stagedoor.kernel.id.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A client that stops reading cannot stall the others; it is cut off once too far behind, and may resume. */
class SubscriberTest {

    private final ExecutorService sender = Executors.newFixedThreadPool(2);
    private final CountDownLatch unblock = new CountDownLatch(1);

    @AfterEach
    void stop() {
        unblock.countDown();
        sender.shutdownNow();
    }

    private static List<Notification> event(long version) {
        return List.of(new Notification(version, "peerStartedPresenting", new Notification.Everyone(),
                "{\"userId\":\"u" + version + "\"}"));
    }

    @Test
    void aSlowClientIsCutOffWithoutHoldingUpOthers() {
        ResponseBodyEmitter stuck = new ResponseBodyEmitter() {
            @Override
            public void send(Object object, MediaType mediaType) {
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        List<String> written = new CopyOnWriteArrayList<>();
        ResponseBodyEmitter reading = new ResponseBodyEmitter() {
            @Override
            public void send(Object object, MediaType mediaType) {
                written.add((String) object);
            }
        };
        Viewer viewer = new Viewer.Participant(UserId.of("u"), 0);
        Subscriber slow = new Subscriber(viewer, stuck, sender, n -> "id:" + n.version() + "\n\n", 5, -1);
        Subscriber quick = new Subscriber(viewer, reading, sender, n -> "id:" + n.version() + "\n\n", 5, -1);
        AtomicBoolean slowClosed = new AtomicBoolean();
        slow.onClose(() -> slowClosed.set(true));
        slow.caughtUp();
        quick.caughtUp();

        for (long version = 0; version < 20; version++) {
            slow.live(event(version));
            quick.live(event(version));
            long expected = version;
            await().atMost(Duration.ofSeconds(2)).until(() -> String.join("", written).contains("id:" + expected + "\n"));
        }
        assertThat(String.join("", written)).contains("id:0\n\n", "id:19\n\n");
        await().atMost(Duration.ofSeconds(2)).untilTrue(slowClosed);
    }

    @Test
    void notificationsTheClientAlreadyHasAreNotSentAgain() {
        List<String> written = new CopyOnWriteArrayList<>();
        ResponseBodyEmitter reading = new ResponseBodyEmitter() {
            @Override
            public void send(Object object, MediaType mediaType) {
                written.add((String) object);
            }
        };
        Subscriber resumed = new Subscriber(new Viewer.Service("it"), reading, sender, n -> "id:" + n.version() + "\n\n", 100, 7);
        resumed.live(event(9));
        resumed.replayed(event(7));
        resumed.replayed(event(8));
        resumed.caughtUp();
        await().atMost(Duration.ofSeconds(2)).until(() -> String.join("", written).contains("id:9"));
        assertThat(String.join("", written)).isEqualTo("retry:2000\n\nid:8\n\nid:9\n\n");
    }
}
