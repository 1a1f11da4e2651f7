package io.stagedoor.command.stage;

import io.stagedoor.command.engine.CatchUpCachingRepository;
import io.stagedoor.command.engine.StageCommandTargetResolver;
import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.CancelStageAccessRequest;
import io.stagedoor.kernel.command.ChangeMeetingSettings;
import io.stagedoor.kernel.command.ChangeParticipantPermissions;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.DenyStageAccess;
import io.stagedoor.kernel.command.EndMeeting;
import io.stagedoor.kernel.command.ExpireStageRequest;
import io.stagedoor.kernel.command.GrantStageAccess;
import io.stagedoor.kernel.command.JoinStage;
import io.stagedoor.kernel.command.KickFromStage;
import io.stagedoor.kernel.command.LeaveStage;
import io.stagedoor.kernel.command.RemoveParticipant;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.command.StageCommand;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.command.TargetUsers;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.MeetingSettingsPatch;
import io.stagedoor.kernel.stage.PermissionsPatch;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StageStatus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.Repository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static io.stagedoor.command.stage.StageFixtures.MEETING;
import static io.stagedoor.command.stage.StageFixtures.NOT_ALLOWED_VIEWER;
import static io.stagedoor.command.stage.StageFixtures.SERVICE;
import static io.stagedoor.command.stage.StageFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random command sequences (with time passing, so requests expire) against the stage as it runs in production
 * — Axon's command bus, the caching repository, an event store — checking after every step the invariants of
 * SPEC §2 and that replaying the stored events rebuilds exactly the state the commands left, and after every
 * refusal that the stage the command was handled on is as it was (no rule is checked after an event applied).
 * State is read through the stage's accessors ({@link StageState}).
 */
class StageInvariantsPropertyTest {

    private static final List<UserId> USERS = List.of(UserId.of("u0"), UserId.of("u1"), UserId.of("u2"),
            UserId.of("u3"), UserId.of("u4"), UserId.of("u5"));
    private static final List<Preset> PRESETS = List.of(BuiltInPresets.WEBINAR_HOST, BuiltInPresets.WEBINAR_PRESENTER,
            BuiltInPresets.WEBINAR_VIEWER, BuiltInPresets.LIVESTREAM_VIEWER, NOT_ALLOWED_VIEWER,
            BuiltInPresets.GROUP_CALL_PARTICIPANT);

    /** One step of a scenario: a command, or time passing. */
    sealed interface Step permits Send, TimePasses {
    }

    record Send(StageCommand command) implements Step {
    }

    record TimePasses(Duration duration) implements Step {
    }

    private final Clock originalClock = GenericEventMessage.clock;

    @AfterProperty
    void restoreClock() {
        GenericEventMessage.clock = originalClock;
    }

    @Property(tries = 2000)
    void invariantsHoldAfterEveryStepAndEventsReplayToTheSameState(
            @ForAll("settings") MeetingSettings settings, @ForAll("scenarios") List<Step> steps) {
        Engine engine = new Engine();
        engine.send(new CreateMeeting(MEETING, settings, SERVICE));
        for (Step step : steps) {
            if (step instanceof Send send) {
                engine.send(send.command());
            } else if (step instanceof TimePasses time) {
                engine.advance(time.duration());
            }
            engine.assertInvariants();
        }
    }

    // ---- generators ------------------------------------------------------------------------------------

    @Provide
    Arbitrary<MeetingSettings> settings() {
        return Combinators.combine(Arbitraries.integers().between(1, 3).injectNull(0.4),
                                  Arbitraries.integers().between(10, 30).injectNull(0.5))
                          .as((max, timeout) -> new MeetingSettings(null, max, timeout));
    }

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<UserId> user = Arbitraries.of(USERS);
        Arbitrary<Actor> actor = Arbitraries.oneOf(Arbitraries.just(SERVICE), user.map(Actor::participant));
        Arbitrary<TargetUsers> listed = user.list().ofMinSize(1).ofMaxSize(4).map(TargetUsers::listed);
        Arbitrary<TargetUsers> targets = Arbitraries.oneOf(listed, Arbitraries.just(TargetUsers.allPending()));
        Arbitrary<PermissionsPatch> patch = Combinators.combine(
                Arbitraries.of(true, false).injectNull(0.6),
                Arbitraries.of(StageAccess.class).injectNull(0.3),
                Arbitraries.of(true, false).injectNull(0.6),
                Arbitraries.of(true, false).injectNull(0.6)).filter((a, b, c, d) -> a != null || b != null || c != null || d != null)
                                                          .as(PermissionsPatch::new);
        Arbitrary<MeetingSettingsPatch> settingsPatch = Combinators.combine(
                Arbitraries.integers().between(1, 3).optional().injectNull(0.3),
                Arbitraries.integers().between(10, 30).optional().injectNull(0.5))
                                                                   .as((max, timeout) -> new MeetingSettingsPatch(null, max, timeout));

        Arbitrary<Step> step = Arbitraries.frequencyOf(List.of(
                weighted(8, Combinators.combine(user, Arbitraries.of(PRESETS), actor)
                                    .as((u, p, a) -> send(new AddParticipant(MEETING, u, u.value(), p, a)))),
                weighted(2, Combinators.combine(user, actor).as((u, a) -> send(new RemoveParticipant(MEETING, u, a)))),
                weighted(3, Combinators.combine(user, patch, actor)
                                    .as((u, p, a) -> send(new ChangeParticipantPermissions(MEETING, u, p, a)))),
                weighted(8, user.map(u -> send(new RequestStageAccess(MEETING, u, Actor.participant(u))))),
                weighted(2, user.map(u -> send(new CancelStageAccessRequest(MEETING, u, Actor.participant(u))))),
                weighted(6, user.map(u -> send(new JoinStage(MEETING, u, Actor.participant(u))))),
                weighted(3, user.map(u -> send(new LeaveStage(MEETING, u, Actor.participant(u))))),
                weighted(5, Combinators.combine(targets, actor).as((t, a) -> send(new GrantStageAccess(MEETING, t, a)))),
                weighted(3, Combinators.combine(targets, actor).as((t, a) -> send(new DenyStageAccess(MEETING, t, a)))),
                weighted(3, Combinators.combine(listed, actor)
                                    .as((t, a) -> send(new KickFromStage(MEETING, (TargetUsers.Listed) t, a)))),
                weighted(2, settingsPatch.map(p -> send(new ChangeMeetingSettings(MEETING, p, SERVICE)))),
                weighted(3, Arbitraries.integers().between(1, 40).map(s -> new TimePasses(Duration.ofSeconds(s)))),
                weighted(1, Arbitraries.just(send(new EndMeeting(MEETING, SERVICE))))));
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    private static Tuple.Tuple2<Integer, Arbitrary<Step>> weighted(int weight, Arbitrary<Step> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    private static Step send(StageCommand command) {
        return new Send(command);
    }

    // ---- the engine under test -------------------------------------------------------------------------

    /** Axon's command bus, the production repository and an in-memory event store, with a controllable clock. */
    private static final class Engine {

        private final EmbeddedEventStore eventStore =
                EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        private final ParameterResolverFactory parameters = ClasspathParameterResolverFactory.forClass(Stage.class);
        private final Repository<Stage> repository = CatchUpCachingRepository.builder(Stage.class)
                                                                             .eventStore(eventStore)
                                                                             .parameterResolverFactory(parameters)
                                                                             .build();
        /** Rebuilds the meeting from its events on every load. */
        private final Repository<Stage> uncached = EventSourcingRepository.builder(Stage.class)
                                                                          .eventStore(eventStore)
                                                                          .parameterResolverFactory(parameters)
                                                                          .build();
        private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        private Instant now = T0;

        Engine() {
            GenericEventMessage.clock = Clock.fixed(now, ZoneOffset.UTC);
            AggregateAnnotationCommandHandler.<Stage>builder()
                                             .aggregateType(Stage.class)
                                             .repository(repository)
                                             .commandTargetResolver(new StageCommandTargetResolver())
                                             .parameterResolverFactory(parameters)
                                             .build()
                                             .subscribe(commandBus);
        }

        void send(StageCommand command) {
            int before = storedEvents().size();
            Aggregate<Stage> handling = before == 0 ? null : load(repository);
            StageState stateBefore = handling == null ? null : StageState.of(root(handling));
            Long versionBefore = handling == null ? null : handling.version();
            FutureCallback<StageCommand, Object> callback = new FutureCallback<>();
            CommandMessage<StageCommand> message = GenericCommandMessage.asCommandMessage(command);
            commandBus.dispatch(message, callback);
            var result = callback.getResult();
            List<? extends EventMessage<?>> events = storedEvents();
            List<? extends EventMessage<?>> appended = events.subList(before, events.size());
            if (result.isExceptional()) {
                assertThat(result.exceptionResult()).as("a refusal is a rule violation, not a fault: %s", command)
                                                    .isInstanceOfAny(StageRuleViolation.class,
                                                            org.axonframework.modelling.command.AggregateNotFoundException.class);
                assertThat(appended).as("a refused command appends nothing").isEmpty();
                if (handling != null) {
                    // the cached instance the command was handled on: a rollback drops it from the cache, a
                    // transaction holding many commands would not, so a refusal must come before any change
                    assertThat(StageState.of(root(handling))).as("a refused command changes no state: %s", command)
                                                             .isEqualTo(stateBefore);
                    assertThat(handling.version()).as("a refused command leaves the version: %s", command)
                                                  .isEqualTo(versionBefore);
                }
            } else if (result.getPayload() instanceof CommandOutcome outcome) {
                assertThat(outcome.version()).isEqualTo(events.size() - 1);
                long changedParticipants = outcome.outcomes().stream().filter(TargetOutcome::changed).count();
                long participantEvents = appended.stream().filter(e -> e.getPayload() instanceof ParticipantEvent).count();
                assertThat(participantEvents).as("one event per participant whose status or permissions change")
                                             .isEqualTo(changedParticipants);
            }
        }

        /**
         * Time passes: every request whose expiry is due has it fired, as the engine's deadlines would — including
         * expiries of requests answered or made again since, which must change nothing.
         */
        void advance(Duration duration) {
            now = now.plus(duration);
            GenericEventMessage.clock = Clock.fixed(now, ZoneOffset.UTC);
            for (EventMessage<?> stored : storedEvents()) {
                if (stored.getPayload() instanceof StageAccessRequested request && request.expiresAt() != null
                        && !request.expiresAt().isAfter(now)) {
                    send(new ExpireStageRequest(MEETING, request.userId(),
                            ((DomainEventMessage<?>) stored).getSequenceNumber(), request.expiresAt()));
                }
            }
        }

        private List<? extends EventMessage<?>> storedEvents() {
            return eventStore.readEvents(MEETING.value()).asStream().toList();
        }

        void assertInvariants() {
            List<? extends EventMessage<?>> events = storedEvents();
            Stage live = root(load(repository));
            assertThat(StageState.of(live)).as("replaying the stored events rebuilds the same state, orders included")
                                           .isEqualTo(StageState.of(root(load(uncached))));

            Map<UserId, Participant> participants = live.roster().participants();
            long onStage = participants.values().stream().filter(p -> p.is(StageStatus.ON_STAGE)).count();
            assertThat(live.roster().onStageCount()).isEqualTo((int) onStage);
            if (live.settings().maxOnStage() != null) {
                assertThat(onStage).as("on-stage count ≤ maxOnStage").isLessThanOrEqualTo(live.settings().maxOnStage());
            }

            assertThat(List.copyOf(live.roster().requestQueue().keySet()))
                    .as("the queue holds exactly the REQUESTED participants, in the order they requested")
                    .isEqualTo(expectedQueue(events))
                    .containsExactlyInAnyOrderElementsOf(participants.entrySet().stream()
                            .filter(e -> e.getValue().is(StageStatus.REQUESTED_TO_JOIN_STAGE))
                            .map(Map.Entry::getKey).toList());

            boolean ended = live.ended();
            participants.forEach((userId, participant) -> {
                if (!participant.permissions().stageEnabled()) {
                    assertThat(participant.status()).as("a participant without stage is OFF").isEqualTo(StageStatus.OFF_STAGE);
                }
                if (!ended && participant.permissions().joinsDirectly()) {
                    assertThat(participant.status()).as("a live ALLOWED participant is never OFF or REQUESTED")
                                                    .isIn(StageStatus.ACCEPTED_TO_JOIN_STAGE, StageStatus.ON_STAGE);
                }
                if (ended) {
                    assertThat(participant.status()).isEqualTo(StageStatus.OFF_STAGE);
                }
            });

            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).getPayload() instanceof MeetingEnded) {
                    assertThat(i).as("nothing is appended after the meeting ended").isEqualTo(events.size() - 1);
                }
            }
        }

        /** The queue as the events tell it, independently of the aggregate: requests in order, minus those answered. */
        private static List<UserId> expectedQueue(List<? extends EventMessage<?>> events) {
            LinkedHashMap<UserId, Boolean> queue = new LinkedHashMap<>();
            for (EventMessage<?> event : events) {
                if (event.getPayload() instanceof StageAccessRequested requested) {
                    queue.put(requested.userId(), true);
                } else if (event.getPayload() instanceof ParticipantEvent participantEvent
                        && participantEvent.from() == StageStatus.REQUESTED_TO_JOIN_STAGE
                        && participantEvent.to() != StageStatus.REQUESTED_TO_JOIN_STAGE) {
                    queue.remove(participantEvent.userId());
                }
            }
            return List.copyOf(queue.keySet());
        }

        /** Loads the meeting in a unit of work of its own; the caching repository keeps it for the next command. */
        private static Aggregate<Stage> load(Repository<Stage> repository) {
            AtomicReference<Aggregate<Stage>> aggregate = new AtomicReference<>();
            DefaultUnitOfWork.startAndGet(null).execute(() -> aggregate.set(repository.load(MEETING.value())));
            return aggregate.get();
        }

        private static Stage root(Aggregate<Stage> aggregate) {
            return aggregate.invoke(Function.identity());
        }
    }
}
