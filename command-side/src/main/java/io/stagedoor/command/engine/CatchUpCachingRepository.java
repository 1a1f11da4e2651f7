package io.stagedoor.command.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An event-sourcing repository that keeps recently used aggregates in memory and catches a cached aggregate up with
 * the events other nodes appended since, before deciding on it.
 * <p>
 * Axon's {@code CachingEventSourcingRepository} trusts its cache: with several command nodes on one event store it
 * decides on stale state, and a decision that appends nothing (an "unchanged" outcome, a rejection) is never
 * corrected by an append conflict. Here a command batch first reads, in one query, the newer events of every cached
 * aggregate it addresses ({@link #prefetchNewerEvents}, while it holds their locks, so none can be appended meanwhile
 * by another node); each aggregate applies them when it is loaded, under its lock. A load outside a batch catches up
 * with one query of its own. A unit of work that rolls back evicts the aggregate it touched.
 */
public class CatchUpCachingRepository<T> extends EventSourcingRepository<T> {

    private static final String PREFETCHED = CatchUpCachingRepository.class.getName() + ".prefetched";

    private final EventStore eventStore;
    private final NewerEvents newerEvents;
    private final Cache<String, EventSourcedAggregate<T>> cache;

    protected CatchUpCachingRepository(Builder<T> builder) {
        super(builder);
        this.eventStore = builder.eventStore();
        this.newerEvents = builder.newerEvents;
        this.cache = Caffeine.newBuilder().maximumSize(builder.maximumCachedAggregates).build();
    }

    public static <T> Builder<T> builder(Class<T> aggregateType) {
        return new Builder<>(aggregateType);
    }

    /**
     * Reads, in one query, the events stored after the cached version of each given aggregate that is cached, and
     * keeps them in the batch's root unit of work until the aggregate is loaded.
     */
    void prefetchNewerEvents(UnitOfWork<?> root, Collection<String> aggregateIdentifiers) {
        Map<String, Long> cachedVersions = new HashMap<>();
        for (String identifier : aggregateIdentifiers) {
            EventSourcedAggregate<T> cached = cache.getIfPresent(identifier);
            if (cached != null && cached.version() != null) {
                cachedVersions.put(identifier, cached.version());
            }
        }
        Map<String, List<? extends DomainEventMessage<?>>> prefetched = new HashMap<>();
        cachedVersions.keySet().forEach(identifier -> prefetched.put(identifier, List.of()));
        prefetched.putAll(newerEvents.after(cachedVersions));
        root.resources().put(PREFETCHED, prefetched);
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        unitOfWork.onRollback(u -> cache.invalidate(aggregateIdentifier));
        EventSourcedAggregate<T> cached = cache.getIfPresent(aggregateIdentifier);
        if (cached == null) {
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        Map<String, List<? extends DomainEventMessage<?>>> prefetched = unitOfWork.root().getResource(PREFETCHED);
        List<? extends DomainEventMessage<?>> newer = prefetched == null ? null : prefetched.get(aggregateIdentifier);
        if (newer == null) {
            DomainEventStream stored = eventStore.readEvents(aggregateIdentifier, cached.version() + 1);
            if (stored.hasNext()) {
                cached.initializeState(stored);
            }
        } else {
            long version = cached.version();
            List<? extends DomainEventMessage<?>> unseen = newer.stream().filter(e -> e.getSequenceNumber() > version).toList();
            if (!unseen.isEmpty()) {
                cached.initializeState(DomainEventStream.of(unseen.stream()));
            }
        }
        return cached;
    }

    /**
     * {@code If-Match} is checked when the meeting is loaded, before the command runs: a version other than the
     * meeting's is refused at once and applies nothing. (Axon lets a command with an older expected version run and
     * fails it at commit, through its conflict resolution — after it applied its events to the meeting that the other
     * commands of its batch share, which would roll the whole batch back.)
     */
    @Override
    protected void validateOnLoad(Aggregate<T> aggregate, Long expectedVersion) {
        if (expectedVersion != null && aggregate.version() != null && !expectedVersion.equals(aggregate.version())) {
            throw new ConflictingAggregateVersionException(aggregate.identifierAsString(), expectedVersion,
                    aggregate.version());
        }
    }

    @Override
    protected void doSaveWithLock(EventSourcedAggregate<T> aggregate) {
        super.doSaveWithLock(aggregate);
        cache.put(aggregate.identifierAsString(), aggregate);
    }

    public static class Builder<T> extends EventSourcingRepository.Builder<T> {

        private long maximumCachedAggregates = 10_000;
        private NewerEvents newerEvents;

        protected Builder(Class<T> aggregateType) {
            super(aggregateType);
        }

        /** How many aggregates stay in memory, least recently used evicted first. */
        public Builder<T> maximumCachedAggregates(long maximum) {
            this.maximumCachedAggregates = maximum;
            return this;
        }

        /** How a batch reads the newer events of many aggregates at once. */
        Builder<T> newerEvents(NewerEvents newerEvents) {
            this.newerEvents = newerEvents;
            return this;
        }

        private EventStore eventStore() {
            return eventStore;
        }

        @Override
        public CatchUpCachingRepository<T> build() {
            return new CatchUpCachingRepository<>(this);
        }
    }
}
