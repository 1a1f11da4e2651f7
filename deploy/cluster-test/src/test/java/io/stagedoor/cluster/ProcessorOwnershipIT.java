package io.stagedoor.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.SseClient;
import io.stagedoor.testsupport.EventTable;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two query nodes share the projection's segments. One is frozen (SIGSTOP) past the token claim timeout while
 * commands keep coming, so the other takes its segments over; then it is resumed, still believing it owns them.
 * Its late batch must not commit (rows and token are written in one transaction, and the token update checks the
 * claim), both nodes' read models stay correct, and neither node's live client gets a notification twice.
 */
class ProcessorOwnershipIT {

    private static final Logger log = LoggerFactory.getLogger(ProcessorOwnershipIT.class);
    private static final String KEY = "ownership-test-key-0123456789";
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(5);
    private static final int MEETINGS = 6;

    @Test
    void aFrozenNodeThatLostItsClaimsNeitherCorruptsRowsNorRepeatsNotifications(@TempDir Path keys) throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        Path keyFile = keys.resolve("token-signing-key.pem");
        String apiKeys = "ownership:" + KEY;
        String claims = "axon.eventhandling.tokenstore.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s";
        // correctness under a frozen node, not latency: commands may exceed the 2 s production bound on a busy machine
        try (Node command = Node.command("ownership-command", database, apiKeys, keyFile,
                "stagedoor.command.command-timeout=30s");
             Node first = Node.query("ownership-query-1", database, apiKeys, command.jwks(), claims)) {
            command.awaitReady();
            first.awaitReady();
            // The first query node claims every segment before the second starts; it is the one to freeze, and the
            // second takes its segments over.
            String owner = awaitSingleOwner(new Api(first.port, KEY), null, Duration.ofSeconds(30));
            assertThat(owner).startsWith(first.pid() + "@");
            try (Node second = Node.query("ownership-query-2", database, apiKeys, command.jwks(), claims)) {
                second.awaitReady();
                frozenNodeLosesItsClaims(database, command, first, second, owner);
            }
        }
    }

    private void frozenNodeLosesItsClaims(TestDatabase.Credentials database, Node command, Node frozen, Node steady,
                                          String owner) throws Exception {
        Api service = new Api(command.port, KEY);
        long setUp = 0;
        for (int m = 0; m < MEETINGS; m++) {
            service.post("/v1/meetings", "{\"meetingId\": \"own-" + m + "\"}");
            setUp = service.post("/v1/meetings/own-" + m + "/participants",
                    "{\"userId\": \"host\", \"preset\": \"webinar_host\"}").version();
        }
        String after = String.valueOf(setUp);
        SseClient onFrozen = SseClient.connect(frozen.port, "/v1/meetings/own-0/stage/events", KEY, after);
        SseClient onSteady = SseClient.connect(steady.port, "/v1/meetings/own-0/stage/events", KEY, after);
        assertThat(List.of(onFrozen.status(), onSteady.status())).containsOnly(200);

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger acknowledged = new AtomicInteger();
        Thread load = new Thread(() -> {
            boolean[] onStage = new boolean[MEETINGS];
            for (int i = 0; loading.get(); i++) {
                int m = i % MEETINGS;
                Api.Answer answer = service.post("/v1/meetings/own-" + m + "/participants/host/stage/"
                        + (onStage[m] ? "leave" : "join"), null, "X-Acting-User", "host");
                assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
                onStage[m] = !onStage[m];
                acknowledged.incrementAndGet();
            }
        }, "load");
        load.start();
        TimeUnit.SECONDS.sleep(2);
        frozen.pause();
        long frozenAt = System.nanoTime();
        assertThat(awaitSingleOwner(new Api(steady.port, KEY), owner, CLAIM_TIMEOUT.multipliedBy(6)))
                .as("the steady node took every segment over").startsWith(steady.pid() + "@");
        double takenOverAfter = (System.nanoTime() - frozenAt) / 1e9;
        TimeUnit.SECONDS.sleep(2);
        frozen.resume();
        TimeUnit.SECONDS.sleep(4);
        loading.set(false);
        load.join();

        long head = EventTable.head(database);
        for (Node node : List.of(frozen, steady)) {
            Api reader = new Api(node.port, KEY);
            await(node.name + " catches up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                                            .until(() -> reader.projectionPosition() >= head);
            for (int m = 0; m < MEETINGS; m++) {
                JsonNode overview = reader.get("/v1/meetings/own-" + m + "/stage").body();
                assertThat(reader.get("/v1/meetings/own-" + m + "/stage/as-of?version="
                        + overview.path("version").asLong()).body())
                        .as("%s: the read rows of own-%d equal its events folded", node.name, m).isEqualTo(overview);
            }
            assertThat(reader.get("/v1/admin/reconciliation").body().path("differences").size()).isZero();
        }

        List<SseClient.Event> everything;
        try (SseClient reference = SseClient.connect(steady.port, "/v1/meetings/own-0/stage/events", KEY, after)) {
            everything = reference.drain(Duration.ofSeconds(2));
        }
        List<SseClient.Event> seenOnFrozen = new ArrayList<>(onFrozen.drain(Duration.ofSeconds(2)));
        List<SseClient.Event> seenOnSteady = new ArrayList<>(onSteady.drain(Duration.ofSeconds(1)));
        onFrozen.close();
        onSteady.close();
        assertThat(everything).hasSizeGreaterThan(10);
        assertThat(seenOnFrozen).as("the frozen node's client: every notification once, in order").isEqualTo(everything);
        assertThat(seenOnSteady).as("the steady node's client: every notification once, in order").isEqualTo(everything);
        log.info(String.format(Locale.ROOT, "processor ownership: %d commands; the other query node held every "
                        + "segment %.1f s after one was frozen (claim timeout %d s); %d notifications to each client, "
                        + "none twice", acknowledged.get(), takenOverAfter, CLAIM_TIMEOUT.toSeconds(), everything.size()));
    }

    /** Waits until one node other than {@code previous} holds all 8 segments of the projection; returns its id. */
    private static String awaitSingleOwner(Api admin, String previous, Duration timeout) {
        List<String> owners = await("one node holding every segment").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> Api.strings(admin.projection("stage-read-model").path("segments"), "owner"),
                        held -> held.size() == 8 && held.stream().distinct().count() == 1 && held.get(0) != null
                                && !held.get(0).equals("null") && !held.get(0).equals(previous));
        return owners.get(0);
    }

}
