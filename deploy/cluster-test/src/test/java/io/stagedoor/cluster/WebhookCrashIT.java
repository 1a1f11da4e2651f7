package io.stagedoor.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.EventTable;
import io.stagedoor.testsupport.TestDatabase;
import io.stagedoor.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks under crashes: clients send thousands of commands while the service (its command and query processes) is
 * SIGKILLed three times and restarted. Afterwards a receiver verifying every request with the official Standard
 * Webhooks library has received every stored event of every meeting; per meeting they arrived in version order (a
 * message may come twice in a row — sent, then the process died before recording it — never after a later one), and a
 * message sent twice carried the same {@code webhook-id} both times.
 */
class WebhookCrashIT {

    private static final Logger log = LoggerFactory.getLogger(WebhookCrashIT.class);
    private static final String KEY = "webhook-crash-key-0123456789";
    private static final int CLIENTS = 8;
    private static final int COMMANDS = Integer.getInteger("stagedoor.webhook-crash.commands", 2000);
    private static final String[] QUERY = {"stagedoor.webhooks.allow-loopback=true",
            "stagedoor.webhooks.retry-schedule=500ms,1s,2s,4s,8s,8s,8s,8s,8s,8s",
            "stagedoor.webhooks.connect-timeout=1s", "stagedoor.webhooks.request-timeout=2s"};

    private final AtomicInteger done = new AtomicInteger();

    @Test
    void everyEventIsDeliveredInOrderPerMeetingAcrossThreeCrashes(@TempDir Path keys) throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        Path keyFile = keys.resolve("token-signing-key.pem");
        String apiKeys = "hooks:" + KEY;
        Node[] command = {Node.start("hook-command", "stagedoor.commandJar", database, apiKeys, keyFile)};
        Node[] query = {Node.start("hook-query", "stagedoor.queryJar", database, apiKeys, keyFile, QUERY)};
        int commandPort = command[0].port;
        int queryPort = query[0].port;
        command[0].awaitReady();
        query[0].awaitReady();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = new Api(queryPort, KEY).post("/v1/webhooks", "{\"url\": \"" + receiver.url() + "\"}").body();
            receiver.trust(endpoint.path("secret").asText());
            Api service = new Api(commandPort, KEY);
            for (int c = 0; c < CLIENTS; c++) {
                service.post("/v1/meetings", "{\"meetingId\": \"hook-" + c + "\"}");
                service.post("/v1/meetings/hook-" + c + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
            }
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String meeting = "hook-" + c;
                running.add(clients.submit(() -> toggle(service, meeting, COMMANDS / CLIENTS)));
            }
            for (int crash = 1; crash <= 3; crash++) {
                int at = COMMANDS * crash / 4;
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> done.get() >= at);
                command[0].kill();
                query[0].kill();
                command[0] = Node.start("hook-command-" + crash, commandPort, "stagedoor.commandJar", database, apiKeys,
                        keyFile);
                query[0] = Node.start("hook-query-" + crash, queryPort, "stagedoor.queryJar", database, apiKeys, keyFile,
                        QUERY);
                command[0].awaitReady();
                query[0].awaitReady();
            }
            for (Future<?> client : running) {
                client.get(10, TimeUnit.MINUTES);
            }
            clients.shutdown();
            long loadDone = System.nanoTime();

            Map<String, Long> last = new HashMap<>();
            for (int c = 0; c < CLIENTS; c++) {
                last.put("hook-" + c, (long) EventTable.versions(database, "hook-" + c, "MeetingCreated", "ParticipantAdded",
                        "StageJoined", "StageLeft").size() - 1);
            }
            long expected = last.values().stream().mapToLong(v -> v + 1).sum();
            await("every event delivered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> distinct(receiver) >= expected);
            double deliveredAfterLoad = (System.nanoTime() - loadDone) / 1e9;

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
                versions.computeIfAbsent(data.path("meetingId").asText(), m -> new ArrayList<>())
                        .add(data.path("version").asLong());
            }
            for (Map.Entry<String, Long> meeting : last.entrySet()) {
                List<Long> received = versions.get(meeting.getKey());
                assertThat(received).as("%s in order", meeting.getKey()).isSorted();
                assertThat(received.stream().distinct().toList()).as("%s complete", meeting.getKey())
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(0, meeting.getValue())
                                                                              .boxed().toList());
            }
            log.info(String.format(Locale.ROOT, "webhook crash: %d commands, 3 SIGKILLs, %d events delivered (%d sent "
                    + "twice), all within %.1f s after the load ended", COMMANDS, expected, duplicates, deliveredAfterLoad));
        } finally {
            command[0].close();
            query[0].close();
        }
    }

    private static long distinct(WebhookReceiver receiver) {
        return receiver.delivered().stream().map(WebhookReceiver.Received::id).distinct().count();
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
                    onStage = !onStage;
                    done.incrementAndGet();
                    break;
                }
                assertThat(answer.status()).as("%s %s", path, answer.body()).isEqualTo(503);
                Api.backOff(100);
            }
        }
    }
}
