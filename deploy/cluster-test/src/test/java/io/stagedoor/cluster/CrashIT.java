package io.stagedoor.cluster;

import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.SseClient;
import io.stagedoor.testsupport.EventTable;
import io.stagedoor.testsupport.TestDatabase;
import io.stagedoor.testsupport.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients send commands with {@code Idempotency-Key}s, retrying on connection errors and 2015, while the service
 * (its command and query processes) is killed with SIGKILL three times and restarted. Afterwards every acknowledged
 * command is in the store exactly once and nothing was applied twice, the read models converge, and a live client
 * that resumed with {@code Last-Event-ID} after each crash saw every notification once, in order. A webhook receiver
 * verifying every request with the official Standard Webhooks library got every stored event; per meeting in version
 * order (a message may come twice in a row — sent, then the process died before recording it — never after a later
 * one), and a message sent twice carried the same {@code webhook-id} both times.
 * <p>
 * {@code -Dstagedoor.crash.commands=10000} runs the full size (docs/reliability.md); CI runs 1,200.
 */
class CrashIT {

    private static final Logger log = LoggerFactory.getLogger(CrashIT.class);
    private static final String KEY = "crash-test-key-0123456789";
    private static final int CLIENTS = 8;
    private static final int COMMANDS = Integer.getInteger("stagedoor.crash.commands", 1200);
    private static final String[] QUERY = {"stagedoor.webhooks.allow-loopback=true",
            "stagedoor.webhooks.retry-schedule=500ms,1s,2s,4s,8s,8s,8s,8s,8s,8s",
            "stagedoor.webhooks.connect-timeout=1s", "stagedoor.webhooks.request-timeout=2s"};

    private final Map<String, List<Long>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger done = new AtomicInteger();

    @Test
    void everyAcknowledgedCommandSurvivesThreeCrashesExactlyOnce(@TempDir Path keys) throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        Path keyFile = keys.resolve("token-signing-key.pem");
        String apiKeys = "crash:" + KEY;
        Node[] command = {Node.command("crash-command", database, apiKeys, keyFile)};
        Node[] query = {Node.query("crash-query", database, apiKeys, command[0].jwks(), QUERY)};
        int commandPort = command[0].port;
        int queryPort = query[0].port;
        command[0].awaitReady();
        query[0].awaitReady();
        Api service = new Api(commandPort, KEY);
        WebhookReceiver receiver = new WebhookReceiver();
        receiver.trust(new Api(queryPort, KEY).post("/v1/webhooks", "{\"url\": \"" + receiver.url() + "\"}").body()
                                                 .path("secret").asText());
        for (int c = 0; c < CLIENTS; c++) {
            service.post("/v1/meetings", "{\"meetingId\": \"crash-" + c + "\"}");
            service.post("/v1/meetings/crash-" + c + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
        }

        AtomicBoolean loading = new AtomicBoolean(true);
        List<SseClient.Event> seen = new CopyOnWriteArrayList<>();
        Thread watcher = new Thread(() -> watch(queryPort, "crash-0", loading, seen), "resuming-sse-client");
        watcher.start();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String meeting = "crash-" + c;
            running.add(clients.submit(() -> toggle(service, meeting, COMMANDS / CLIENTS)));
        }

        long lastRestartReady = 0;
        for (int crash = 1; crash <= 3; crash++) {
            int at = COMMANDS * crash / 4;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> done.get() >= at);
            command[0].kill();
            query[0].kill();
            command[0] = Node.command("crash-command-" + crash, commandPort, database, apiKeys, keyFile);
            query[0] = Node.query("crash-query-" + crash, queryPort, database, apiKeys, Node.jwksAt(commandPort), QUERY);
            command[0].awaitReady();
            query[0].awaitReady();
            lastRestartReady = System.nanoTime();
        }
        for (Future<?> client : running) {
            client.get(10, TimeUnit.MINUTES);
        }
        clients.shutdown();
        long loadDone = System.nanoTime();

        try {
            long head = EventTable.head(database);
            Api reader = new Api(queryPort, KEY);
            await("read models converge").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                                         .until(() -> reader.projectionPosition() >= head);
            double convergedAfterLoad = (System.nanoTime() - loadDone) / 1e9;

            int total = 0;
            for (int c = 0; c < CLIENTS; c++) {
                String meeting = "crash-" + c;
                List<Long> versions = acknowledged.getOrDefault(meeting, List.of());
                total += versions.size();
                assertThat(versions).as("%s: no command acknowledged twice", meeting).doesNotHaveDuplicates();
                assertThat(EventTable.versions(database, meeting, "StageJoined", "StageLeft"))
                        .as("%s: the stored join/leave events are exactly the acknowledged commands", meeting)
                        .containsExactlyInAnyOrderElementsOf(versions);
                long last = versions.stream().mapToLong(Long::longValue).max().orElseThrow();
                assertThat(reader.get("/v1/meetings/" + meeting + "/stage").body().path("version").asLong())
                        .as("%s: read model at the last acknowledged version", meeting).isEqualTo(last);
            }
            assertThat(total).isEqualTo(COMMANDS / CLIENTS * CLIENTS);
            assertThat(reader.get("/v1/admin/reconciliation").body().path("differences").size()).isZero();

            List<SseClient.Event> everything;
            try (SseClient reference = SseClient.connect(queryPort, "/v1/meetings/crash-0/stage/events", KEY, "1")) {
                everything = reference.drain(Duration.ofSeconds(2));
            }
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                   .until(() -> seen.size() >= everything.size());
            loading.set(false);
            watcher.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(everything).hasSizeGreaterThan(COMMANDS / CLIENTS);
            assertThat(seen).as("the resuming client saw every notification once, in order").isEqualTo(everything);
            int duplicates = webhooksDeliveredEverythingInOrder(database, receiver);
            log.info(String.format(Locale.ROOT, "crash: %d commands, 3 SIGKILLs; read models converged %.2f s after "
                            + "the load ended (%.1f s after the last restart was ready); the resuming SSE client got %d "
                            + "notifications; the webhook receiver got every event %.1f s after the load ended (%d sent "
                            + "twice)", total, convergedAfterLoad, (System.nanoTime() - lastRestartReady) / 1e9,
                    seen.size(), (System.nanoTime() - loadDone) / 1e9, duplicates));
        } finally {
            receiver.close();
            command[0].close();
            query[0].close();
        }
    }

    /** Every stored event delivered, per meeting in version order, a repeated message with its id; how many repeated. */
    private static int webhooksDeliveredEverythingInOrder(TestDatabase.Credentials database, WebhookReceiver receiver)
            throws Exception {
        Map<String, Long> last = new HashMap<>();
        for (int c = 0; c < CLIENTS; c++) {
            last.put("crash-" + c, (long) EventTable.versions(database, "crash-" + c, "MeetingCreated",
                    "ParticipantAdded", "StageJoined", "StageLeft").size() - 1);
        }
        long expected = last.values().stream().mapToLong(v -> v + 1).sum();
        await("every event delivered to the webhook").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.delivered().stream().map(WebhookReceiver.Received::id).distinct().count() >= expected);
        assertThat(receiver.rejected()).isEmpty();
        Map<String, List<Long>> versions = new HashMap<>();
        Map<String, String> idOf = new HashMap<>();
        int duplicates = 0;
        for (WebhookReceiver.Received r : receiver.delivered()) {
            JsonNode data = r.payload().path("data");
            String key = data.path("meetingId").asText() + "@" + data.path("version").asLong();
            String previous = idOf.putIfAbsent(key, r.id());
            if (previous != null) {
                duplicates++;
                assertThat(r.id()).as("%s sent again with its id", key).isEqualTo(previous);
            }
            versions.computeIfAbsent(data.path("meetingId").asText(), m -> new ArrayList<>()).add(data.path("version").asLong());
        }
        for (Map.Entry<String, Long> meeting : last.entrySet()) {
            List<Long> received = versions.get(meeting.getKey());
            assertThat(received).as("%s in order", meeting.getKey()).isSorted();
            assertThat(received.stream().distinct().toList()).as("%s complete", meeting.getKey())
                    .containsExactlyElementsOf(LongStream.rangeClosed(0, meeting.getValue()).boxed().toList());
        }
        return duplicates;
    }

    /** The host joins and leaves; each command is retried with its key until it gets a definite answer. */
    private void toggle(Api api, String meeting, int commands) {
        boolean onStage = false;
        for (int i = 0; i < commands; i++) {
            String key = UUID.randomUUID().toString();
            String path = "/v1/meetings/" + meeting + "/participants/host/stage/" + (onStage ? "leave" : "join");
            while (true) {
                Api.Answer answer;
                try {
                    answer = api.post(path, null, "Idempotency-Key", key, "X-Acting-User", "host");
                } catch (IllegalStateException connectionFailed) {
                    Api.backOff(100);
                    continue;
                }
                if (answer.status() == 200) {
                    acknowledged.computeIfAbsent(meeting, m -> new CopyOnWriteArrayList<>()).add(answer.version());
                    onStage = !onStage;
                    done.incrementAndGet();
                    break;
                }
                assertThat(answer.status()).as("%s %s", path, answer.body()).isEqualTo(503);
                Api.backOff(100);
            }
        }
    }

    /** A live client that reconnects with Last-Event-ID whenever its stream ends, as a browser's EventSource does. */
    private static void watch(int port, String meeting, AtomicBoolean loading, List<SseClient.Event> seen) {
        String lastEventId = "1";
        while (loading.get()) {
            SseClient client;
            try {
                client = SseClient.connect(port, "/v1/meetings/" + meeting + "/stage/events", KEY, lastEventId);
            } catch (IllegalStateException nodeDown) {
                Api.backOff(200);
                continue;
            }
            try (client) {
                while (!client.ended() && loading.get()) {
                    seen.addAll(client.take(1000, Duration.ofMillis(100)));
                }
                seen.addAll(client.take(Integer.MAX_VALUE, Duration.ofMillis(50)));
                if (client.lastEventId() != null) {
                    lastEventId = client.lastEventId();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (client.status() != 200) {
                Api.backOff(200);
            }
        }
    }

}
