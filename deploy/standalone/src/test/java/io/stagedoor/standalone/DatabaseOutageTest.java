package io.stagedoor.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.EventTable;
import io.stagedoor.testsupport.TcpProxy;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away for 10 s (every connection reset, new ones refused, as an immediate shutdown does) while
 * clients keep sending commands and queries. Meanwhile every answer comes within the 2 s bound, and is 2015 with
 * Retry-After when it cannot be served; readiness reports down. When the database returns, the service recovers by
 * itself, and each acknowledged command is in the store exactly once: clients retry with the same Idempotency-Key
 * until they get a definite answer, as the contract tells them to.
 */
class DatabaseOutageTest {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageTest.class);
    private static final int CLIENTS = 6;
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    /** The configured bound (connection and command timeouts, 2 s) plus the time to write the answer. */
    private static final Duration LONGEST_ANSWER = Duration.ofMillis(2_500);

    private record Sent(String request, int status, int code, String retryAfter, long millis) {
    }

    @Test
    void commandsFailFastDuringTheOutageAndNothingAcknowledgedIsLost() throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        try (TcpProxy proxy = TcpProxy.forJdbcUrl(database.url());
             StandaloneServer server = new StandaloneServer(proxy.through(database))) {
            for (int c = 0; c < CLIENTS; c++) {
                server.service.post("/v1/meetings", "{\"meetingId\": \"out-" + c + "\"}");
                server.add("out-" + c, "host", "webinar_host");
            }
            AtomicBoolean outage = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Sent> duringOutage = new CopyOnWriteArrayList<>();
            Map<String, List<Long>> acknowledged = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
            List<Future<?>> tasks = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String meeting = "out-" + c;
                tasks.add(clients.submit(() -> toggleUntilStopped(server.service, meeting, running, outage,
                        duringOutage, acknowledged)));
            }
            tasks.add(clients.submit(() -> {
                while (running.get()) {
                    record(server.service, "GET", "/v1/meetings/out-0/stage", null, outage, duringOutage);
                }
            }));

            TimeUnit.SECONDS.sleep(3);
            proxy.cut();
            outage.set(true);
            long outageStarted = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    server.service.as(null).get("/actuator/health/readiness").status() == 503);
            TimeUnit.NANOSECONDS.sleep(OUTAGE.toNanos() - (System.nanoTime() - outageStarted));
            outage.set(false);
            proxy.restore();
            long restored = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    server.service.as(null).get("/actuator/health/readiness").status() == 200);
            double readyAfter = (System.nanoTime() - restored) / 1e9;
            TimeUnit.SECONDS.sleep(3);
            running.set(false);
            for (Future<?> client : tasks) {
                client.get(30, TimeUnit.SECONDS);
            }
            clients.shutdown();

            assertThat(duringOutage).as("requests sent during the outage").hasSizeGreaterThan(20);
            for (Sent sent : duringOutage) {
                assertThat(sent.millis()).as(sent.request()).isLessThanOrEqualTo(LONGEST_ANSWER.toMillis());
                if (sent.status() != 200) {
                    assertThat(sent.status()).as(sent.request()).isEqualTo(503);
                    assertThat(sent.code()).as(sent.request()).isEqualTo(2015);
                    assertThat(sent.retryAfter()).as(sent.request()).isNotNull();
                }
            }
            assertThat(duringOutage).filteredOn(s -> s.status() == 503).hasSizeGreaterThan(10);

            long head = EventTable.head(database);
            await().atMost(Duration.ofSeconds(90)).until(() -> server.service.projectionPosition() >= head);
            double convergedAfter = (System.nanoTime() - restored) / 1e9;
            assertThat(convergedAfter).as("read models caught up, s after the database returned (3 s of it under load)")
                                      .isLessThan(15);
            for (int c = 0; c < CLIENTS; c++) {
                String meeting = "out-" + c;
                List<Long> versions = acknowledged.get(meeting);
                assertThat(versions).as("each acknowledged once").doesNotHaveDuplicates();
                List<Long> stored = EventTable.versions(database, meeting, "StageJoined", "StageLeft");
                assertThat(stored).as(meeting + ": the stored join/leave events are the acknowledged ones")
                                  .containsExactlyInAnyOrderElementsOf(versions);
                long last = versions.stream().mapToLong(Long::longValue).max().orElseThrow();
                JsonNode overview = server.service.get("/v1/meetings/" + meeting + "/stage?minVersion=" + last).body();
                assertThat(overview.path("version").asLong()).isEqualTo(last);
                assertThat(overview.path("onStage").size()).isEqualTo(versions.size() % 2);
            }
            JsonNode reconciliation = server.service.get("/v1/admin/reconciliation").body();
            assertThat(reconciliation.path("differences").size()).as(reconciliation.toString()).isZero();
            log.info(String.format(Locale.ROOT, "database outage: %d requests during %d s, %d answered 2015, slowest "
                            + "answer %d ms; ready again %.1f s and read models converged %.1f s after the database returned",
                    duringOutage.size(), OUTAGE.toSeconds(), duringOutage.stream().filter(s -> s.status() == 503).count(),
                    duringOutage.stream().mapToLong(Sent::millis).max().orElse(0), readyAfter, convergedAfter));
        }
    }

    /** The host joins and leaves, each command retried with its key until it gets a definite answer. */
    private static void toggleUntilStopped(Api api, String meeting, AtomicBoolean running, AtomicBoolean outage,
                                           List<Sent> duringOutage, Map<String, List<Long>> acknowledged) {
        boolean onStage = false;
        while (running.get()) {
            String key = UUID.randomUUID().toString();
            String path = "/v1/meetings/" + meeting + "/participants/host/stage/" + (onStage ? "leave" : "join");
            while (true) {
                Api.Answer answer = record(api, "POST", path, key, outage, duringOutage);
                if (answer != null && answer.status() == 200) {
                    acknowledged.computeIfAbsent(meeting, m -> new CopyOnWriteArrayList<>()).add(answer.version());
                    onStage = !onStage;
                    break;
                }
                if (answer != null && answer.status() != 503) {
                    throw new AssertionError(path + " answered " + answer.status() + " " + answer.body());
                }
                Api.backOff(100);
            }
        }
    }

    private static Api.Answer record(Api api, String method, String path, String key, AtomicBoolean outage,
                                     List<Sent> duringOutage) {
        boolean inOutage = outage.get();
        long start = System.nanoTime();
        Api.Answer answer;
        try {
            answer = key == null ? api.send(method, path, null) : api.send(method, path, null, "Idempotency-Key", key,
                    "X-Acting-User", "host");
        } catch (IllegalStateException connectionFailed) {
            answer = null;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (inOutage && outage.get()) {
            duringOutage.add(new Sent(method + " " + path, answer == null ? -1 : answer.status(),
                    answer == null ? -1 : answer.body().path("code").asInt(),
                    answer == null ? null : answer.header("Retry-After"), millis));
        }
        if (!inOutage && answer != null && answer.status() == 503) {
            Api.backOff(50);
        }
        return answer;
    }

}
