package io.stagedoor.command.engine;

import io.stagedoor.command.CommandSideApplication;
import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.GrantStageAccess;
import io.stagedoor.kernel.command.JoinStage;
import io.stagedoor.kernel.command.LeaveStage;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.command.TargetUsers;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import io.stagedoor.kernel.error.ErrorCode;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two command nodes on one database, both deciding for the same meeting at once: each keeps the meeting cached, a
 * batch locks the meetings it writes and catches them up before deciding, and an append that still collides (with a
 * writer outside the engine) is run again — so no acknowledged change is lost or duplicated.
 */
class TwoNodesOneMeetingTest {

    @Test
    void concurrentCommandsOnTwoNodesAreEachAppliedExactlyOnce() throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        MeetingId meeting = MeetingId.of("shared");
        Actor service = Actor.service("it");
        try (ConfigurableApplicationContext one = TestApplication.start(CommandSideApplication.class, database);
             ConfigurableApplicationContext two = TestApplication.start(CommandSideApplication.class, database)) {
            StageCommandGateway nodeOne = one.getBean(StageCommandGateway.class);
            StageCommandGateway nodeTwo = two.getBean(StageCommandGateway.class);
            nodeOne.send(new CreateMeeting(meeting, new MeetingSettings(null, 3, null), service));
            nodeOne.send(new AddParticipant(meeting, UserId.of("host"), null, BuiltInPresets.WEBINAR_HOST, service));
            for (int i = 0; i < 20; i++) {
                (i % 2 == 0 ? nodeOne : nodeTwo).send(new AddParticipant(meeting, UserId.of("v" + i), null,
                        BuiltInPresets.WEBINAR_VIEWER, service));
            }

            List<Callable<Object>> commands = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                StageCommandGateway node = i % 2 == 0 ? nodeOne : nodeTwo;
                UserId viewer = UserId.of("v" + (i % 20));
                Object command = switch (i % 4) {
                    case 0 -> new RequestStageAccess(meeting, viewer, Actor.participant(viewer));
                    case 1 -> new GrantStageAccess(meeting, TargetUsers.allPending(), Actor.participant(UserId.of("host")));
                    case 2 -> new JoinStage(meeting, viewer, Actor.participant(viewer));
                    default -> new LeaveStage(meeting, viewer, Actor.participant(viewer));
                };
                commands.add(() -> {
                    try {
                        return node.send(command);
                    } catch (RequestRefused refused) {
                        return refused;
                    }
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Object> results = new ArrayList<>();
            for (Future<Object> result : pool.invokeAll(commands)) {
                results.add(result.get());
            }
            pool.shutdown();

            assertThat(results).allSatisfy(result -> {
                if (result instanceof RequestRefused refused) {
                    assertThat(refused.error().code().code()).as(refused.getMessage()).isBetween(2001, 2008);
                } else {
                    assertThat(result).isInstanceOf(CommandOutcome.class);
                }
            });
            long acknowledgedChanges = results.stream().filter(CommandOutcome.class::isInstance)
                                              .flatMap(result -> ((CommandOutcome) result).outcomes().stream())
                                              .filter(TargetOutcome::changed).count();
            EventLog log = new EventLog(database);
            assertThat(log.eventTypes("shared").size() - 22L).as("every acknowledged change stored exactly once")
                                                            .isEqualTo(acknowledgedChanges);
            long onStage = log.count("SELECT count(*) FROM domain_event_entry WHERE aggregateIdentifier = 'shared' "
                    + "AND payloadType LIKE '%StageJoined'") - log.count("SELECT count(*) FROM domain_event_entry "
                    + "WHERE aggregateIdentifier = 'shared' AND payloadType LIKE '%StageLeft' "
                    + "AND convert_from(payload, 'UTF8') LIKE '%\"from\":\"ON_STAGE\"%'");
            assertThat(onStage).as("maxOnStage held across both nodes").isBetween(0L, 3L);
        }
    }

    /**
     * Node one has decided that the host may join (the stage is empty) and holds its batch open; node two, asked to let
     * the presenter join, waits for node one's lock on the meeting, then decides on what node one committed: the stage
     * (maxOnStage 1) is full.
     */
    @Test
    void aSecondNodeWaitsForTheFirstAndDecidesOnWhatItCommitted() throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        MeetingId meeting = MeetingId.of("race");
        UserId host = UserId.of("host");
        UserId presenter = UserId.of("presenter");
        try (ConfigurableApplicationContext one = TestApplication.start(CommandSideApplication.class, database);
             ConfigurableApplicationContext two = TestApplication.start(CommandSideApplication.class, database)) {
            StageCommandGateway nodeOne = one.getBean(StageCommandGateway.class);
            StageCommandGateway nodeTwo = two.getBean(StageCommandGateway.class);
            castWithHostAndPresenter(nodeOne, nodeTwo, meeting, host, presenter);

            CountDownLatch decided = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            one.getBean(CommandBus.class).registerHandlerInterceptor(pauseAfterDeciding(decided, release));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<Object> hostJoins = pool.submit(() -> outcomeOf(() -> nodeOne.send(new JoinStage(meeting, host, Actor.participant(host)))));
            assertThat(decided.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Object> presenterJoins = pool.submit(() -> outcomeOf(() -> nodeTwo.send(new JoinStage(meeting, presenter, Actor.participant(presenter)))));
            EventLog log = new EventLog(database);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    log.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1);
            assertThat(presenterJoins).as("node two waits while node one holds the meeting").isNotDone();
            release.countDown();

            assertThat(hostJoins.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(CommandOutcome.class,
                    joined -> assertThat(joined.outcomes()).extracting(TargetOutcome::changed).containsExactly(true));
            assertThat(presenterJoins.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(RequestRefused.class,
                    refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.STAGE_FULL));
            pool.shutdown();
            assertThat(log.eventTypes("race")).containsExactly("MeetingCreated", "ParticipantAdded", "ParticipantAdded",
                    "StageJoined");
        }
    }

    /**
     * A writer that bypasses the engine (and its locks) appends the presenter's join while node one holds a decision
     * that the host may join: node one's append collides, and its command runs again on fresh state — the stage
     * (maxOnStage 1) is full.
     */
    @Test
    void anAppendThatCollidesWithAWriterOutsideTheEngineRunsAgainOnFreshState() throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        MeetingId meeting = MeetingId.of("collision");
        UserId host = UserId.of("host");
        UserId presenter = UserId.of("presenter");
        try (ConfigurableApplicationContext one = TestApplication.start(CommandSideApplication.class, database)) {
            StageCommandGateway nodeOne = one.getBean(StageCommandGateway.class);
            castWithHostAndPresenter(nodeOne, nodeOne, meeting, host, presenter);
            CountDownLatch decided = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger attempts = new AtomicInteger();
            one.getBean(CommandBus.class).registerHandlerInterceptor((MessageHandlerInterceptor<CommandMessage<?>>) (unitOfWork, chain) -> {
                attempts.incrementAndGet();
                return chain.proceed();
            });
            one.getBean(CommandBus.class).registerHandlerInterceptor(pauseAfterDeciding(decided, release));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Object> hostJoins = pool.submit(() -> outcomeOf(() -> nodeOne.send(new JoinStage(meeting, host, Actor.participant(host)))));
            assertThat(decided.await(10, TimeUnit.SECONDS)).isTrue();
            EventLog log = new EventLog(database);
            log.appendRaw("collision", 3, "io.stagedoor.kernel.event.StageJoined",
                    "{\"meetingId\":\"collision\",\"userId\":\"presenter\",\"joinedBy\":\"presenter\","
                            + "\"occurredAt\":\"2026-11-30T10:00:00Z\"}");
            release.countDown();

            assertThat(hostJoins.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(RequestRefused.class,
                    refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.STAGE_FULL));
            pool.shutdown();
            assertThat(attempts.get()).as("decided once on stale state, once on fresh state").isEqualTo(2);
            assertThat(log.eventTypes("collision")).containsExactly("MeetingCreated", "ParticipantAdded",
                    "ParticipantAdded", "StageJoined");
        }
    }

    private static void castWithHostAndPresenter(StageCommandGateway nodeOne, StageCommandGateway nodeTwo,
                                                 MeetingId meeting, UserId host, UserId presenter) {
        Actor service = Actor.service("it");
        nodeOne.send(new CreateMeeting(meeting, new MeetingSettings(null, 1, null), service));
        nodeOne.send(new AddParticipant(meeting, host, null, BuiltInPresets.WEBINAR_HOST, service));
        nodeOne.send(new AddParticipant(meeting, presenter, null, BuiltInPresets.WEBINAR_PRESENTER, service));
        CommandOutcome again = nodeTwo.send(new AddParticipant(meeting, presenter, null, BuiltInPresets.WEBINAR_PRESENTER, service));
        assertThat(again.version()).as("node two sees node one's meeting").isEqualTo(2);
    }

    /** Holds the first JoinStage's batch open after its decision, until released. */
    private static MessageHandlerInterceptor<CommandMessage<?>> pauseAfterDeciding(CountDownLatch decided,
                                                                                  CountDownLatch release) {
        AtomicInteger joins = new AtomicInteger();
        return (unitOfWork, chain) -> {
            Object outcome = chain.proceed();
            if (unitOfWork.getMessage().getPayload() instanceof JoinStage && joins.incrementAndGet() == 1) {
                decided.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            }
            return outcome;
        };
    }

    private static Object outcomeOf(Callable<Object> command) throws Exception {
        try {
            return command.call();
        } catch (RequestRefused refused) {
            return refused;
        }
    }
}
