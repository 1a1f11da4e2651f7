package io.stagedoor.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Axon's gap-aware tokens give up on an event whose transaction commits later than the gap timeout (60 s): the
 * processors would then skip it for good. Here transactions that appended an event are held open for 1 s, 30 s and
 * 61 s (idle), and for 30 s inside one statement, while other meetings' commands keep committing. The database ends
 * every transaction held past its bounds (idle 5 s, statement 10 s), so only the 1 s one commits; it is projected,
 * the aborted ones left nothing in the store, and the reconciliation finds no difference.
 */
class LateCommitTest {

    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new StandaloneServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noAcknowledgedEventIsSkippedWhateverItsCommitDelay() throws Exception {
        EventStore events = server.context.getBean(EventStore.class);
        TransactionManager transactions = server.context.getBean(TransactionManager.class);
        JdbcTemplate jdbc = new JdbcTemplate(server.context.getBean(DataSource.class));
        server.service.post("/v1/meetings", "{\"meetingId\": \"busy\"}");
        server.add("busy", "host", "webinar_host");

        AtomicBoolean loading = new AtomicBoolean(true);
        CompletableFuture<Integer> otherCommands = CompletableFuture.supplyAsync(() -> {
            int acknowledged = 0;
            while (loading.get()) {
                boolean join = acknowledged % 2 == 0;
                if (server.service.post("/v1/meetings/busy/participants/host/stage/" + (join ? "join" : "leave"), null,
                        "X-Acting-User", "host").status() == 200) {
                    acknowledged++;
                }
            }
            return acknowledged;
        });

        Map<String, CompletableFuture<Boolean>> holds = new LinkedHashMap<>();
        holds.put("held-1s", appendAndHold(events, transactions, jdbc, "held-1s", Duration.ofSeconds(1), false));
        holds.put("held-30s", appendAndHold(events, transactions, jdbc, "held-30s", Duration.ofSeconds(30), false));
        holds.put("held-61s", appendAndHold(events, transactions, jdbc, "held-61s", Duration.ofSeconds(61), false));
        holds.put("slow-statement-30s", appendAndHold(events, transactions, jdbc, "slow-statement-30s", Duration.ofSeconds(30), true));
        Map<String, Boolean> committed = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<Boolean>> hold : holds.entrySet()) {
            committed.put(hold.getKey(), hold.getValue().get());
        }
        loading.set(false);
        assertThat(otherCommands.get()).as("commands of another meeting committed meanwhile").isGreaterThan(50);

        assertThat(committed).containsExactly(Map.entry("held-1s", true), Map.entry("held-30s", false),
                Map.entry("held-61s", false), Map.entry("slow-statement-30s", false));
        for (Map.Entry<String, Boolean> hold : committed.entrySet()) {
            long stored = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregateIdentifier = ?",
                    Long.class, hold.getKey());
            assertThat(stored).as(hold.getKey() + " events in the store").isEqualTo(hold.getValue() ? 1 : 0);
        }
        assertThat(server.service.get("/v1/meetings/held-1s/stage?minVersion=0").status()).isEqualTo(200);

        long head = jdbc.queryForObject("SELECT max(globalIndex) FROM domain_event_entry", Long.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.service.projectionPosition() >= head);
        JsonNode reconciliation = server.service.get("/v1/admin/reconciliation").body();
        assertThat(reconciliation.path("meetingsChecked").asLong()).isEqualTo(2);
        assertThat(reconciliation.path("differences").size()).as(reconciliation.toString()).isZero();
    }

    /**
     * Appends a MeetingCreated in a transaction, then keeps the transaction open (idle, or inside a slow statement)
     * before committing it. Completes with whether the commit succeeded.
     */
    private static CompletableFuture<Boolean> appendAndHold(EventStore events, TransactionManager transactions,
                                                            JdbcTemplate jdbc, String meeting, Duration hold,
                                                            boolean inStatement) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                transactions.executeInTransaction(() -> {
                    events.publish(List.of(new GenericDomainEventMessage<>(StageEvent.AGGREGATE_TYPE, meeting, 0, new MeetingCreated(
                            new MeetingId(meeting), MeetingSettings.NONE, Actor.service("late-test"), Instant.now()))));
                    try {
                        if (inStatement) {
                            jdbc.execute("SELECT pg_sleep(" + hold.toSeconds() + ")");
                        } else {
                            Thread.sleep(hold.toMillis());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
                return true;
            } catch (RuntimeException abortedByTheDatabase) {
                return false;
            }
        }, runnable -> new Thread(runnable, "hold-" + meeting).start());
    }
}
