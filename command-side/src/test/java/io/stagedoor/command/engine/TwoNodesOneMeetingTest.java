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

/**
 * Two command nodes on one database, both deciding for the same meeting at once: each keeps the meeting cached,
 * catches up on load, and a lost append race is retried — so no acknowledged change is lost or duplicated.
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
     * Forces the race: node one has decided that the host may join (the stage is empty) but not yet appended, when
     * node two lets the presenter join. Node one's append collides, its decision is retried on fresh state, and the
     * stage — maxOnStage 1 — is found full.
     */
    @Test
    void aDecisionTakenOnStaleStateIsRetriedOnFreshState() throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        MeetingId meeting = MeetingId.of("race");
        Actor service = Actor.service("it");
        UserId host = UserId.of("host");
        UserId presenter = UserId.of("presenter");
        try (ConfigurableApplicationContext one = TestApplication.start(CommandSideApplication.class, database);
             ConfigurableApplicationContext two = TestApplication.start(CommandSideApplication.class, database)) {
            StageCommandGateway nodeOne = one.getBean(StageCommandGateway.class);
            StageCommandGateway nodeTwo = two.getBean(StageCommandGateway.class);
            nodeOne.send(new CreateMeeting(meeting, new MeetingSettings(null, 1, null), service));
            nodeOne.send(new AddParticipant(meeting, host, null, BuiltInPresets.WEBINAR_HOST, service));
            nodeOne.send(new AddParticipant(meeting, presenter, null, BuiltInPresets.WEBINAR_PRESENTER, service));
            nodeTwo.send(new AddParticipant(meeting, presenter, null, BuiltInPresets.WEBINAR_PRESENTER, service));

            CountDownLatch decided = new CountDownLatch(1);
            CountDownLatch otherNodeCommitted = new CountDownLatch(1);
            AtomicInteger attempts = new AtomicInteger();
            one.getBean(CommandBus.class).registerHandlerInterceptor(
                    (MessageHandlerInterceptor<CommandMessage<?>>) (unitOfWork, chain) -> {
                        boolean first = unitOfWork.getMessage().getPayload() instanceof JoinStage
                                && attempts.incrementAndGet() == 1;
                        Object outcome = chain.proceed();
                        if (first) {
                            decided.countDown();
                            assertThat(otherNodeCommitted.await(10, TimeUnit.SECONDS)).isTrue();
                        }
                        return outcome;
                    });

            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Object> hostJoins = pool.submit(() -> {
                try {
                    return nodeOne.send(new JoinStage(meeting, host, Actor.participant(host)));
                } catch (RequestRefused refused) {
                    return refused;
                }
            });
            assertThat(decided.await(10, TimeUnit.SECONDS)).isTrue();
            CommandOutcome presenterJoined = nodeTwo.send(new JoinStage(meeting, presenter, Actor.participant(presenter)));
            otherNodeCommitted.countDown();
            Object hostResult = hostJoins.get(10, TimeUnit.SECONDS);
            pool.shutdown();

            assertThat(presenterJoined.outcomes()).extracting(TargetOutcome::changed).containsExactly(true);
            assertThat(attempts.get()).as("node one decided twice: the stale decision was retried").isEqualTo(2);
            assertThat(hostResult).isInstanceOfSatisfying(RequestRefused.class,
                    refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.STAGE_FULL));
            assertThat(new EventLog(database).eventTypes("race")).containsExactly("MeetingCreated", "ParticipantAdded",
                    "ParticipantAdded", "StageJoined");
        }
    }
}
