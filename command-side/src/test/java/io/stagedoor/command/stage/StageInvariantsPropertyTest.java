package io.stagedoor.command.stage;

import io.stagedoor.command.engine.CatchUpCachingRepository;
import io.stagedoor.command.engine.StageCommandTargetResolver;
import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.AddParticipants;
import io.stagedoor.kernel.command.CancelStageAccessRequest;
import io.stagedoor.kernel.command.ChangeMeetingSettings;
import io.stagedoor.kernel.command.ChangeParticipantPermissions;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.DenyStageAccess;
import io.stagedoor.kernel.command.EndMeeting;
import io.stagedoor.kernel.command.ExpireStageAcceptance;
import io.stagedoor.kernel.command.ExpireStageRequest;
import io.stagedoor.kernel.command.GrantStageAccess;
import io.stagedoor.kernel.command.JoinStage;
import io.stagedoor.kernel.command.KickFromStage;
import io.stagedoor.kernel.command.LeaveStage;
import io.stagedoor.kernel.command.LosePresence;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.command.RemoveParticipant;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.command.StageCommand;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.command.TargetUsers;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.event.EngineReasons;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.RemovedFromStage;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequestCancelled;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.stagedoor.command.stage.StageFixtures.MEETING;
import static io.stagedoor.command.stage.StageFixtures.NOT_ALLOWED_VIEWER;
import static io.stagedoor.command.stage.StageFixtures.SERVICE;
import static io.stagedoor.command.stage.StageFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random command sequences (with time passing, so requests and acceptances expire) against the stage as it runs in
 * production — Axon's command bus, the caching repository, an event store — checking after every step the
 * invariants of SPEC §2 and §8 and that replaying the stored events rebuilds exactly the state the commands left,
 * and after every refusal that the stage the command was handled on is as it was (no rule is checked after an event
 * applied). Meetings are created with any of the policies (autoAccept, accept timeout, request queue cap, presence
 * grace), which settings changes turn on and off. The engine's own commands — request and acceptance expiries,
 * presence loss — are sent as the engine sends them, naming the participant's current request, acceptance or status,
 * and stale, naming an older version: a stale one changes nothing. State is read through the stage's accessors
 * ({@link StageState}); what to expect of an engine command is told by the stored events.
 */
class StageInvariantsPropertyTest {

    private static final List<UserId> USERS = List.of(UserId.of("u0"), UserId.of("u1"), UserId.of("u2"),
            UserId.of("u3"), UserId.of("u4"), UserId.of("u5"));

    /** One step of a scenario: a command, time passing, or an engine command resolved against the stored events. */
    sealed interface Step permits Send, TimePasses, ExpireAcceptance, LosePresenceOf {
    }

    record Send(StageCommand command) implements Step {
    }

    record TimePasses(Duration duration) implements Step {
    }

    /** The acceptance expiry of {@code userId}, naming its last grant ({@code staleness} 0) or an older version. */
    record ExpireAcceptance(UserId userId, int staleness) implements Step {
    }

    /** {@code userId} judged absent, naming the version of its last change ({@code staleness} 0) or an older one. */
    record LosePresenceOf(UserId userId, int staleness) implements Step {
    }

    private final Clock originalClock = GenericEventMessage.clock;

    @AfterProperty
    void restoreClock() {
        GenericEventMessage.clock = originalClock;
    }

    @Property(tries = 700)
    void invariantsHoldAfterEveryStepAndEventsReplayToTheSameState(
            @ForAll("settings") MeetingSettings settings, @ForAll("scenarios") List<Step> steps) {
        run(settings, steps);
    }

    /**
     * The same on a crowded stage under autoAccept: a small maxOnStage, viewers queueing, few changes of membership,
     * permissions or settings — so that seats free one by one and several at once while requests wait, and each
     * must go to the oldest request.
     */
    @Property(tries = 400)
    void invariantsHoldOnACrowdedStageUnderAutoAccept(
            @ForAll("crowdedSettings") MeetingSettings settings, @ForAll("crowdedScenarios") List<Step> steps) {
        run(settings, steps);
    }

    private static void run(MeetingSettings settings, List<Step> steps) {
        Engine engine = new Engine();
        engine.send(new CreateMeeting(MEETING, settings, SERVICE));
        for (Step step : steps) {
            int queueBefore = engine.live().roster().requestQueue().size();
            if (step instanceof Send send) {
                int seatsBefore = engine.live().roster().seatsTaken();
                Sent sent = engine.send(send.command());
                engine.assertBounds(send.command(), sent, queueBefore, seatsBefore);
            } else if (step instanceof TimePasses time) {
                engine.advance(time.duration());
            } else if (step instanceof ExpireAcceptance expiry) {
                engine.expireAcceptance(expiry.userId(), engine.lastGrant(expiry.userId()) - expiry.staleness(),
                        engine.now);
            } else if (step instanceof LosePresenceOf loss) {
                engine.losePresence(loss.userId(), loss.staleness());
            }
            engine.assertInvariants(queueBefore);
        }
    }

    // ---- generators ------------------------------------------------------------------------------------

    @Provide
    Arbitrary<MeetingSettings> settings() {
        return settings(Arbitraries.integers().between(1, 3).injectNull(0.3),
                Arbitraries.frequency(Tuple.of(2, true), Tuple.of(1, false)));
    }

    @Provide
    Arbitrary<MeetingSettings> crowdedSettings() {
        return settings(Arbitraries.integers().between(1, 2), Arbitraries.just(true));
    }

    private static Arbitrary<MeetingSettings> settings(Arbitrary<Integer> maxOnStage, Arbitrary<Boolean> autoAccept) {
        return Combinators.combine(maxOnStage,
                                  Arbitraries.integers().between(10, 30).injectNull(0.5),
                                  autoAccept,
                                  Arbitraries.integers().between(10, 30).injectNull(0.5),
                                  Arbitraries.integers().between(1, 3).injectNull(0.5),
                                  Arbitraries.integers().between(5, 10).injectNull(0.5))
                          .as((max, timeout, auto, acceptTimeout, maxPending, grace) ->
                                  new MeetingSettings(null, max, timeout, auto, acceptTimeout, maxPending, grace));
    }

    /**
     * A scenario starts with a cast added in bulk by a service, so that most commands meet participants; actors are
     * mostly services (a participant actor is refused unless it holds the permission), and viewers who must request
     * the stage outnumber the others, so that stages fill and queues form.
     */
    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Preset> preset = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(BuiltInPresets.WEBINAR_HOST, BuiltInPresets.WEBINAR_PRESENTER)),
                Tuple.of(6, Arbitraries.of(BuiltInPresets.WEBINAR_VIEWER, BuiltInPresets.LIVESTREAM_VIEWER)),
                Tuple.of(1, Arbitraries.of(NOT_ALLOWED_VIEWER, BuiltInPresets.GROUP_CALL_PARTICIPANT)));
        return scenarios(preset, new Mix(4, 14, 3, 3, 1, Arbitraries.of(true, false)), 50);
    }

    /** Everyone takes part, mostly viewers, who ask for the stage often; autoAccept is turned off now and then. */
    @Provide
    Arbitrary<List<Step>> crowdedScenarios() {
        Arbitrary<Preset> preset = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(BuiltInPresets.WEBINAR_HOST)),
                Tuple.of(5, Arbitraries.of(BuiltInPresets.WEBINAR_VIEWER, BuiltInPresets.LIVESTREAM_VIEWER)));
        return scenarios(preset, new Mix(USERS.size(), 28, 1, 1, 0, Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false))), 40);
    }

    /**
     * How many take part at first ({@code cast}, at least); how often a scenario has a participant ask for the stage,
     * changes who takes part and with which permissions ({@code membership}), changes the meeting's settings, or ends
     * the meeting; and which autoAccept a settings change sets, when it sets it.
     */
    private record Mix(int cast, int requests, int membership, int settings, int end, Arbitrary<Boolean> autoAccept) {
    }

    private static Arbitrary<List<Step>> scenarios(Arbitrary<Preset> preset, Mix mix, int maxSteps) {
        Arbitrary<UserId> user = Arbitraries.of(USERS);
        Arbitrary<Actor> actor = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(SERVICE)),
                Tuple.of(1, user.map(Actor::participant)));
        Arbitrary<TargetUsers> listed = user.list().ofMinSize(1).ofMaxSize(4).map(TargetUsers::listed);
        Arbitrary<TargetUsers> targets = Arbitraries.oneOf(listed, Arbitraries.just(TargetUsers.allPending()));
        Arbitrary<TargetUsers> grantTargets = Arbitraries.oneOf(listed, Arbitraries.just(TargetUsers.allPending()),
                Arbitraries.integers().between(1, 4).map(TargetUsers::oldest));
        Arbitrary<PermissionsPatch> patch = Combinators.combine(
                Arbitraries.of(true, false).injectNull(0.6),
                Arbitraries.of(StageAccess.class).injectNull(0.3),
                Arbitraries.of(true, false).injectNull(0.6),
                Arbitraries.of(true, false).injectNull(0.6)).filter((a, b, c, d) -> a != null || b != null || c != null || d != null)
                                                          .as(PermissionsPatch::new);
        Arbitrary<MeetingSettingsPatch> settingsPatch = Combinators.combine(
                Arbitraries.integers().between(1, 3).optional().injectNull(0.3),
                Arbitraries.integers().between(10, 30).optional().injectNull(0.6),
                mix.autoAccept().map(Optional::of).injectNull(0.6),
                Arbitraries.integers().between(10, 30).optional(0.7).injectNull(0.7),
                Arbitraries.integers().between(1, 3).optional(0.7).injectNull(0.6),
                Arbitraries.integers().between(5, 10).optional(0.7).injectNull(0.7))
                                                                   .as((max, timeout, autoAccept, acceptTimeout, maxPending, grace) ->
                                                                           new MeetingSettingsPatch(null, max, timeout, autoAccept,
                                                                                   acceptTimeout, maxPending, grace));
        Arbitrary<AddParticipants> cast = bulkAdd(user, preset, mix.cast(), USERS.size(), Arbitraries.just(SERVICE));
        // mostly the version the engine would name, sometimes an older one
        Arbitrary<Integer> staleness = Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 1), Tuple.of(1, 3));

        List<Tuple.Tuple2<Integer, Arbitrary<Step>>> steps = new ArrayList<>(List.of(
                weighted(mix.requests(), user.map(u -> send(new RequestStageAccess(MEETING, u, Actor.participant(u))))),
                weighted(2, user.map(u -> send(new CancelStageAccessRequest(MEETING, u, Actor.participant(u))))),
                weighted(7, user.map(u -> send(new JoinStage(MEETING, u, Actor.participant(u))))),
                weighted(5, user.map(u -> send(new LeaveStage(MEETING, u, Actor.participant(u))))),
                weighted(5, Combinators.combine(grantTargets, actor).as((t, a) -> send(new GrantStageAccess(MEETING, t, a)))),
                weighted(2, Combinators.combine(targets, actor).as((t, a) -> send(new DenyStageAccess(MEETING, t, a)))),
                weighted(4, Combinators.combine(listed, actor)
                                    .as((t, a) -> send(new KickFromStage(MEETING, (TargetUsers.Listed) t, a)))),
                weighted(3, Combinators.combine(user, staleness).as(ExpireAcceptance::new)),
                weighted(4, Combinators.combine(user, staleness).as(LosePresenceOf::new)),
                weighted(4, Arbitraries.integers().between(1, 40).map(s -> new TimePasses(Duration.ofSeconds(s)))),
                weighted(mix.settings(), settingsPatch.map(p -> send(new ChangeMeetingSettings(MEETING, p, SERVICE)))),
                weighted(mix.membership(), Combinators.combine(user, preset, actor)
                                                      .as((u, p, a) -> send(new AddParticipant(MEETING, u, u.value(), p, a)))),
                weighted(mix.membership(), bulkAdd(user, preset, 1, 4, actor).map(StageInvariantsPropertyTest::send)),
                weighted(mix.membership(), Combinators.combine(user, actor)
                                                      .as((u, a) -> send(new RemoveParticipant(MEETING, u, a)))),
                weighted(mix.membership(), Combinators.combine(user, patch, actor)
                                                      .as((u, p, a) -> send(new ChangeParticipantPermissions(MEETING, u, p, a))))));
        if (mix.end() > 0) {
            steps.add(weighted(mix.end(), Arbitraries.just(send(new EndMeeting(MEETING, SERVICE)))));
        }
        return Combinators.combine(cast, Arbitraries.frequencyOf(steps).list().ofMinSize(1).ofMaxSize(maxSteps))
                          .as((first, rest) -> {
                              List<Step> scenario = new ArrayList<>(rest.size() + 1);
                              scenario.add(send(first));
                              scenario.addAll(rest);
                              return scenario;
                          });
    }

    /** {@code min}–{@code max} distinct users in one bulk add, each with a preset. */
    private static Arbitrary<AddParticipants> bulkAdd(Arbitrary<UserId> user, Arbitrary<Preset> preset, int min, int max,
                                                      Arbitrary<Actor> actor) {
        return Combinators.combine(user.list().uniqueElements().ofMinSize(min).ofMaxSize(max),
                                   preset.list().ofSize(max), actor)
                          .as((users, presets, a) -> new AddParticipants(MEETING, IntStream.range(0, users.size())
                                  .mapToObj(i -> new AddParticipants.Entry(users.get(i), users.get(i).value(), presets.get(i)))
                                  .toList(), a));
    }

    private static Tuple.Tuple2<Integer, Arbitrary<Step>> weighted(int weight, Arbitrary<? extends Step> arbitrary) {
        return Tuple.of(weight, arbitrary.map(Step.class::cast));
    }

    private static Step send(StageCommand command) {
        return new Send(command);
    }

    // ---- the engine under test -------------------------------------------------------------------------

    /** What a command did: its answer, or its refusal, and the events it appended. */
    record Sent(Object payload, Throwable refusal, List<? extends EventMessage<?>> appended) {
    }

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
        /** The grants whose acceptance expiry has fired: the engine fires each deadline once. */
        private final Set<Long> firedAcceptanceExpiries = new HashSet<>();
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

        Sent send(StageCommand command) {
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
                return new Sent(null, result.exceptionResult(), appended);
            }
            Object payload = result.getPayload();
            List<TargetOutcome> outcomes;
            long version;
            if (payload instanceof CommandOutcome outcome) {
                outcomes = outcome.outcomes();
                version = outcome.version();
            } else {
                MeetingOutcome outcome = (MeetingOutcome) payload;
                outcomes = outcome.outcomes();
                version = outcome.version();
            }
            assertThat(version).isEqualTo(events.size() - 1);
            assertThat(outcomes.stream().map(TargetOutcome::userId).toList())
                    .as("one outcome per participant: %s", command).doesNotHaveDuplicates();
            Set<UserId> moved = appended.stream().map(EventMessage::getPayload)
                                        .filter(ParticipantEvent.class::isInstance)
                                        .map(event -> ((ParticipantEvent) event).userId())
                                        .collect(Collectors.toSet());
            assertThat(outcomes.stream().filter(TargetOutcome::changed).map(TargetOutcome::userId).collect(Collectors.toSet()))
                    .as("a participant is reported changed exactly when an event moved it (a request granted at once: "
                        + "one outcome, two events): %s", command)
                    .isEqualTo(moved);
            assertEngineDecisionsGiveTheirReason(appended);
            assertTheEngineAdmitsTheOldestRequest(events.subList(0, before), appended);
            return new Sent(payload, null, appended);
        }

        /** Each grant by the engine goes to the request at the head of the queue as it stands then: first come, first served. */
        private static void assertTheEngineAdmitsTheOldestRequest(List<? extends EventMessage<?>> before,
                                                                  List<? extends EventMessage<?>> appended) {
            LinkedHashMap<UserId, Boolean> queue = new LinkedHashMap<>();
            expectedQueue(before).forEach(userId -> queue.put(userId, true));
            for (EventMessage<?> stored : appended) {
                if (stored.getPayload() instanceof StageAccessGranted granted && granted.grantedBy().equals(Actor.ENGINE)) {
                    assertThat(List.copyOf(queue.keySet())).as("the engine admits the oldest request").isNotEmpty()
                                                           .first().isEqualTo(granted.userId());
                }
                follow(queue, stored);
            }
        }

        /** What the engine decides by itself names it and says why; a grant expires exactly with an accept timeout. */
        private void assertEngineDecisionsGiveTheirReason(List<? extends EventMessage<?>> appended) {
            Integer acceptTimeout = live().settings().acceptTimeoutSeconds();
            for (EventMessage<?> stored : appended) {
                if (stored.getPayload() instanceof StageAccessGranted granted) {
                    assertThat(granted.expiresAt()).as("a grant expires after the accept timeout, if there is one")
                                                   .isEqualTo(acceptTimeout == null ? null
                                                           : granted.occurredAt().plusSeconds(acceptTimeout));
                }
                if (stored.getPayload() instanceof ParticipantEvent event && event.actor().equals(Actor.ENGINE)) {
                    String reason = event instanceof StageAccessGranted ? EngineReasons.AUTO_ACCEPT
                            : event instanceof StageAccessDenied ? EngineReasons.ACCEPTANCE_EXPIRED
                            : event instanceof RemovedFromStage || event instanceof StageAccessRequestCancelled
                              ? EngineReasons.PRESENCE_LOST : null;
                    assertThat(event.reason()).as("the engine's reason for %s", event).isEqualTo(reason);
                }
            }
        }

        /**
         * A request may not grow the queue past maxPendingRequests, and is refused with 2016 only at the cap; grant
         * next never takes more seats than are free.
         */
        void assertBounds(StageCommand command, Sent sent, int queueBefore, int seatsBefore) {
            MeetingSettings settings = live().settings();
            if (sent.refusal() instanceof StageRuleViolation violation
                    && violation.error().code() == ErrorCode.REQUEST_QUEUE_FULL) {
                assertThat(command).isInstanceOf(RequestStageAccess.class);
                assertThat(settings.maxPendingRequests()).isNotNull();
                assertThat(queueBefore).as("2016 only when the queue is at its cap")
                                       .isGreaterThanOrEqualTo(settings.maxPendingRequests());
            }
            if (sent.refusal() == null && command instanceof GrantStageAccess grant
                    && grant.targets() instanceof TargetUsers.Oldest && settings.maxOnStage() != null) {
                assertThat(live().roster().seatsTaken()).as("grant next grants no more than there is room for")
                                                        .isLessThanOrEqualTo(Math.max(seatsBefore, settings.maxOnStage()));
            }
        }

        /**
         * Time passes: every request whose expiry is due has it fired, as the engine's deadlines would — including
         * expiries of requests answered or made again since, which must change nothing — and every acceptance
         * expiry falling due fires once, whether the acceptance is still held or not.
         */
        void advance(Duration duration) {
            now = now.plus(duration);
            GenericEventMessage.clock = Clock.fixed(now, ZoneOffset.UTC);
            for (EventMessage<?> stored : storedEvents()) {
                long sequence = ((DomainEventMessage<?>) stored).getSequenceNumber();
                if (stored.getPayload() instanceof StageAccessRequested request && request.expiresAt() != null
                        && !request.expiresAt().isAfter(now)) {
                    send(new ExpireStageRequest(MEETING, request.userId(), sequence, request.expiresAt()));
                } else if (stored.getPayload() instanceof StageAccessGranted granted && granted.expiresAt() != null
                        && !granted.expiresAt().isAfter(now) && firedAcceptanceExpiries.add(sequence)) {
                    expireAcceptance(granted.userId(), sequence, granted.expiresAt());
                }
            }
        }

        /** The engine's acceptance expiry naming the grant at {@code version}: it expires only the acceptance held. */
        void expireAcceptance(UserId userId, long version, Instant dueAt) {
            Stage stage = live();
            Participant before = stage.roster().participant(userId);
            boolean held = !stage.ended() && before != null && before.acceptedByAHost() && lastGrant(userId) == version;
            Sent sent = send(new ExpireStageAcceptance(MEETING, userId, version, dueAt));
            if (held) {
                assertThat(sent.appended()).as("the acceptance held expires").isNotEmpty();
                assertThat(sent.appended().get(0).getPayload()).isEqualTo(new StageAccessDenied(MEETING, userId,
                        StageStatus.ACCEPTED_TO_JOIN_STAGE, Actor.ENGINE, dueAt, EngineReasons.ACCEPTANCE_EXPIRED));
            } else {
                assertThat(sent.appended()).as("an expiry of an acceptance used, lost or granted again changes nothing")
                                           .isEmpty();
            }
        }

        /** The engine judges {@code userId} absent, naming the version of its last change or an older one. */
        void losePresence(UserId userId, int staleness) {
            Stage stage = live();
            Participant before = stage.roster().participant(userId);
            boolean judged = staleness == 0 && !stage.ended() && stage.settings().presenceGraceSeconds() != null
                    && before != null && before.holdsAPlace();
            Sent sent = send(new LosePresence(MEETING, userId, lastEvent(userId) - staleness));
            if (judged) {
                assertThat(sent.appended()).as("an absent participant loses its place").isNotEmpty();
                ParticipantEvent loss = (ParticipantEvent) sent.appended().get(0).getPayload();
                StageStatus to = before.is(StageStatus.ON_STAGE) ? before.permissions().restingStatus() : StageStatus.OFF_STAGE;
                assertThat(List.of(loss.userId(), loss.actor(), loss.from(), loss.to(), loss.reason()))
                        .isEqualTo(List.of(userId, Actor.ENGINE, before.status(), to, EngineReasons.PRESENCE_LOST));
            } else {
                assertThat(sent.appended()).as("a participant that moved since, holds nothing, or a meeting without "
                                               + "presence grace: nothing changes").isEmpty();
            }
        }

        private List<? extends EventMessage<?>> storedEvents() {
            return eventStore.readEvents(MEETING.value()).asStream().toList();
        }

        /** The version of the last grant to {@code userId}, as the events tell it; -1 if none. */
        long lastGrant(UserId userId) {
            return lastVersions(storedEvents(), StageAccessGranted.class).getOrDefault(userId, -1L);
        }

        /** The version of the last event about {@code userId}, as the events tell it; -1 if none. */
        long lastEvent(UserId userId) {
            return lastVersions(storedEvents(), ParticipantEvent.class).getOrDefault(userId, -1L);
        }

        /** For each participant, the version of the last event of {@code type} about it. */
        private static Map<UserId, Long> lastVersions(List<? extends EventMessage<?>> events,
                                                      Class<? extends ParticipantEvent> type) {
            Map<UserId, Long> last = new HashMap<>();
            for (EventMessage<?> stored : events) {
                if (type.isInstance(stored.getPayload())) {
                    last.put(((ParticipantEvent) stored.getPayload()).userId(), ((DomainEventMessage<?>) stored).getSequenceNumber());
                }
            }
            return last;
        }

        Stage live() {
            return root(load(repository));
        }

        void assertInvariants(int queueBefore) {
            List<? extends EventMessage<?>> events = storedEvents();
            Stage live = live();
            assertThat(StageState.of(live)).as("replaying the stored events rebuilds the same state, orders included")
                                           .isEqualTo(StageState.of(root(load(uncached))));

            MeetingSettings settings = live.settings();
            Roster roster = live.roster();
            Map<UserId, Participant> participants = roster.participants();
            long onStage = participants.values().stream().filter(p -> p.is(StageStatus.ON_STAGE)).count();
            assertThat(roster.onStageCount()).isEqualTo((int) onStage);
            if (settings.maxOnStage() != null) {
                assertThat(onStage).as("on-stage count ≤ maxOnStage").isLessThanOrEqualTo(settings.maxOnStage());
            }

            List<UserId> queue = List.copyOf(roster.requestQueue().keySet());
            assertThat(queue)
                    .as("the queue holds exactly the REQUESTED participants, in the order they requested")
                    .isEqualTo(expectedQueue(events))
                    .containsExactlyInAnyOrderElementsOf(participants.entrySet().stream()
                            .filter(e -> e.getValue().is(StageStatus.REQUESTED_TO_JOIN_STAGE))
                            .map(Map.Entry::getKey).toList());
            if (settings.maxPendingRequests() != null && queue.size() > queueBefore) {
                assertThat(queue.size()).as("a request never grows the queue beyond maxPendingRequests (a queue "
                                            + "longer than a lowered cap only shrinks)")
                                        .isLessThanOrEqualTo(settings.maxPendingRequests());
            }

            List<UserId> accepted = participants.entrySet().stream().filter(e -> e.getValue().acceptedByAHost())
                                                .map(Map.Entry::getKey).toList();
            assertThat(roster.acceptances().keySet()).as("the acceptances are exactly the ACCEPTED who do not join directly")
                                                     .containsExactlyInAnyOrderElementsOf(accepted);
            Map<UserId, Long> lastGrants = lastVersions(events, StageAccessGranted.class);
            Map<UserId, Long> lastEvents = lastVersions(events, ParticipantEvent.class);
            roster.acceptances().forEach((userId, granted) ->
                    assertThat(granted).as("an acceptance names its grant").isEqualTo(lastGrants.get(userId)));
            participants.forEach((userId, participant) ->
                    assertThat(participant.since()).as("a participant is as it is since its last event")
                                                   .isEqualTo(lastEvents.get(userId)));
            long seatsTaken = onStage + accepted.size();
            assertThat(roster.seatsTaken()).isEqualTo((int) seatsTaken);

            boolean ended = live.ended();
            if (settings.autoAccept() && settings.maxOnStage() != null) {
                assertThat(seatsTaken).as("with autoAccept, on-stage + accepted ≤ maxOnStage")
                                      .isLessThanOrEqualTo(settings.maxOnStage());
            }
            if (settings.autoAccept() && !ended && !queue.isEmpty()) {
                assertThat(settings.maxOnStage()).as("with autoAccept and no maxOnStage, no request waits").isNotNull();
                assertThat(seatsTaken).as("with autoAccept, no seat is free while a request waits")
                                      .isGreaterThanOrEqualTo(settings.maxOnStage());
            }

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
                follow(queue, event);
            }
            return List.copyOf(queue.keySet());
        }

        /** A request joins the end of the queue; a participant moving out of REQUESTED leaves it. */
        private static void follow(LinkedHashMap<UserId, Boolean> queue, EventMessage<?> event) {
            if (event.getPayload() instanceof StageAccessRequested requested) {
                queue.put(requested.userId(), true);
            } else if (event.getPayload() instanceof ParticipantEvent participantEvent
                    && participantEvent.from() == StageStatus.REQUESTED_TO_JOIN_STAGE
                    && participantEvent.to() != StageStatus.REQUESTED_TO_JOIN_STAGE) {
                queue.remove(participantEvent.userId());
            }
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
