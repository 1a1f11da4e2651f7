package io.stagedoor.command.engine;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.stagedoor.command.preset.PresetDefinition;
import io.stagedoor.command.stage.Roster;
import io.stagedoor.command.stage.Stage;
import io.stagedoor.kernel.command.DefinePreset;
import io.stagedoor.kernel.command.StageCommand;
import io.stagedoor.platform.operations.FailureOutcomes;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires the {@link Stage} aggregate into Axon: its repository (cached, caught up on every load, snapshotted),
 * how commands find their meeting and expected version, how rule violations cross the bus, and how lost
 * append races are retried.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandEngineProperties.class)
class StageEngineConfiguration {

    static final Duration IDEMPOTENCY_RETENTION = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(StageEngineConfiguration.class);

    /**
     * Creates empty stages for sourcing, for the repository and the snapshotter alike. Inspected with Spring's
     * parameter resolvers, so handler parameters such as the {@code DeadlineManager} resolve to beans.
     */
    @Bean
    AggregateFactory<Stage> stageAggregateFactory(ParameterResolverFactory parameterResolverFactory,
                                                  HandlerDefinition handlerDefinition) {
        return new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(
                Stage.class, parameterResolverFactory, handlerDefinition));
    }

    @Bean
    ConfigurerModule stageAggregate(CommandEngineProperties properties, AggregateFactory<Stage> stageAggregateFactory,
                                    JdbcTemplate jdbc, EventSchema eventSchema,
                                    @Qualifier("eventSerializer") Serializer eventSerializer) {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(Stage.class)
                                   .configureRepository(c -> stageRepository(c, properties, stageAggregateFactory,
                                           new NewerEvents(jdbc, eventSchema, eventSerializer, c.upcasterChain())))
                                   .configureCommandTargetResolver(c -> new StageCommandTargetResolver()));
    }

    /** Presets defined through the API; the catalog is updated in the defining transaction. */
    @Bean
    ConfigurerModule presetDefinitions() {
        return configurer -> {
            configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(PresetDefinition.class)
                    .configureCommandTargetResolver(c -> command -> new VersionedAggregateIdentifier(
                            PresetDefinition.aggregateIdOf(((DefinePreset) command.getPayload()).name()), null)));
            configurer.eventProcessing().registerSubscribingEventProcessor(PresetCatalog.PROCESSING_GROUP);
        };
    }

    @Bean
    PresetCatalog presetCatalog(JdbcTemplate jdbc) {
        return new PresetCatalog(jdbc);
    }

    @Bean
    StageReader stageReader(Configuration axon) {
        return new StageReader(axon);
    }

    @Bean
    IdempotencyStore idempotencyStore(JdbcTemplate jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper json) {
        return new IdempotencyStore(jdbc, json, IDEMPOTENCY_RETENTION);
    }

    @Bean
    IdempotencyInterceptor idempotencyInterceptor(IdempotencyStore store) {
        return new IdempotencyInterceptor(store);
    }

    /** Forgets expired idempotency keys every hour; harmless to run on every node at once. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService idempotencyKeyPurge(IdempotencyStore store) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                new AxonThreadFactory("idempotency-purge"));
        executor.scheduleWithFixedDelay(() -> {
            try {
                store.purgeExpired();
            } catch (RuntimeException e) {
                log.warn("Could not purge expired idempotency keys: {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.MINUTES);
        return executor;
    }

    private static CatchUpCachingRepository<Stage> stageRepository(Configuration c, CommandEngineProperties properties,
                                                                   AggregateFactory<Stage> aggregateFactory,
                                                                   NewerEvents newerEvents) {
        return CatchUpCachingRepository.builder(Stage.class)
                                       .maximumCachedAggregates(properties.cachedAggregates())
                                       .newerEvents(newerEvents)
                                       .eventStore(c.eventStore())
                                       .aggregateFactory(aggregateFactory)
                                       .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(
                                               c.snapshotter(), properties.snapshotEveryEvents()))
                                       .parameterResolverFactory(c.parameterResolverFactory())
                                       .handlerDefinition(c.handlerDefinition(Stage.class))
                                       .repositoryProvider(c::repository)
                                       .spanFactory(c.getComponent(RepositorySpanFactory.class))
                                       .build();
    }

    /** Snapshots are taken off the command thread, in their own transaction. */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory) {
        return SpringAggregateSnapshotter.builder()
                                         .repositoryProvider(configuration::repository)
                                         .transactionManager(transactionManager)
                                         .eventStore(eventStore)
                                         .parameterResolverFactory(parameterResolverFactory)
                                         .handlerDefinition(handlerDefinition)
                                         .spanFactory(spanFactory)
                                         .executor(Executors.newSingleThreadExecutor(new AxonThreadFactory("snapshotter")))
                                         .build();
    }

    /** A snapshot of the stage is its fields and its roster's; both stay free of serialization annotations. */
    @Bean
    Module stageSnapshotModule() {
        return new SimpleModule("stage-snapshot").setMixInAnnotation(Stage.class, FieldsOnly.class)
                                                 .setMixInAnnotation(Roster.class, FieldsOnly.class);
    }

    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
    private abstract static class FieldsOnly {
    }

    @Bean
    MessageHandlerInterceptor<CommandMessage<?>> ruleViolationInterceptor() {
        return new RuleViolationInterceptor();
    }

    /**
     * The command bus: commands committed in groups ({@link GroupCommitCommandBus}). Each batch first locks what it
     * writes, catches its cached meetings up and looks its idempotency keys up, all inside its transaction.
     */
    @Bean
    GroupCommitCommandBus commandBus(TransactionManager transactionManager, Configuration axon, JdbcTemplate jdbc,
                                     IdempotencyInterceptor idempotency, CommandEngineProperties properties) {
        BatchLocks locks = new BatchLocks(jdbc);
        GroupCommitCommandBus bus = new GroupCommitCommandBus(transactionManager,
                axon.messageMonitor(CommandBus.class, "commandBus"), StageEngineConfiguration::aggregateOf,
                commands -> {
                    UnitOfWork<?> root = CurrentUnitOfWork.get();
                    Set<String> aggregates = new LinkedHashSet<>();
                    List<IdempotencyKey> keys = new ArrayList<>();
                    for (CommandMessage<?> command : commands) {
                        aggregates.add(aggregateOf(command));
                        IdempotencyKey key = IdempotencyInterceptor.keyOf(command);
                        if (key != null) {
                            keys.add(key);
                        }
                    }
                    locks.lock(aggregates, keys);
                    ((CatchUpCachingRepository<?>) axon.repository(Stage.class)).prefetchNewerEvents(root, aggregates);
                    idempotency.beginBatch(root, keys);
                },
                StageEngineConfiguration::isRefusal, StageEngineConfiguration::isConflict,
                properties.batchWorkers(), properties.maxBatch(), properties.maxConflictRetries());
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return bus;
    }

    /** The aggregate a command addresses: its meeting, or the preset it defines. */
    static String aggregateOf(CommandMessage<?> command) {
        Object payload = command.getPayload();
        if (payload instanceof StageCommand stageCommand) {
            return stageCommand.meetingId().value();
        }
        if (payload instanceof DefinePreset definePreset) {
            return PresetDefinition.aggregateIdOf(definePreset.name());
        }
        throw new IllegalArgumentException("no aggregate for command " + command.getCommandName());
    }

    /** Command metrics count refusals as {@code refused}, apart from faults ({@code failure}). */
    @Bean
    FailureOutcomes commandFailureOutcomes() {
        return failure -> isRefusal(failure) ? "refused" : "failure";
    }

    /** A command refused with one of the contract's codes was decided before anything was applied. */
    static boolean isRefusal(Throwable failure) {
        return failure instanceof IdempotencyStore.IdempotencyKeyTaken
                || (StageCommandGateway.errorOf(failure).isPresent() && !isConflict(failure));
    }

    /** An append that lost a race with another writer of the same meeting (or a concurrent create of it). */
    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @Bean
    StageCommandGateway stageCommandGateway(CommandGateway commandGateway, CommandEngineProperties properties) {
        return new StageCommandGateway(commandGateway, properties.commandTimeout());
    }
}
