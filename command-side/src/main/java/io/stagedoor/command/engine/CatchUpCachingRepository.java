package io.stagedoor.command.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * An event-sourcing repository that keeps recently used aggregates in memory and, on every load, catches a
 * cached aggregate up with the events other nodes appended since (one indexed read, usually empty).
 * <p>
 * Axon's {@code CachingEventSourcingRepository} trusts its cache: with several command nodes on one event
 * store it decides on stale state, and a decision that appends nothing (an "unchanged" outcome, a rejection)
 * is never corrected by the append conflict. Catching up makes every decision on current state; concurrent
 * appends are still caught by the unique (aggregate, sequence) key and retried. Within one node, Axon's
 * per-aggregate lock serialises commands. A unit of work that rolls back evicts the aggregate it touched.
 */
public class CatchUpCachingRepository<T> extends EventSourcingRepository<T> {

    private final EventStore eventStore;
    private final Cache<String, EventSourcedAggregate<T>> cache;

    protected CatchUpCachingRepository(Builder<T> builder) {
        super(builder);
        this.eventStore = builder.eventStore();
        this.cache = Caffeine.newBuilder().maximumSize(builder.maximumCachedAggregates).build();
    }

    public static <T> Builder<T> builder(Class<T> aggregateType) {
        return new Builder<>(aggregateType);
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        CurrentUnitOfWork.get().onRollback(unitOfWork -> cache.invalidate(aggregateIdentifier));
        EventSourcedAggregate<T> cached = cache.getIfPresent(aggregateIdentifier);
        if (cached == null) {
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        DomainEventStream newer = eventStore.readEvents(aggregateIdentifier, cached.version() + 1);
        if (newer.hasNext()) {
            cached.initializeState(newer);
        }
        return cached;
    }

    @Override
    protected void doSaveWithLock(EventSourcedAggregate<T> aggregate) {
        super.doSaveWithLock(aggregate);
        cache.put(aggregate.identifierAsString(), aggregate);
    }

    /** Drops every cached aggregate (tests, and operators after a manual repair). */
    public void evictAll() {
        cache.invalidateAll();
    }

    public static class Builder<T> extends EventSourcingRepository.Builder<T> {

        private long maximumCachedAggregates = 10_000;

        protected Builder(Class<T> aggregateType) {
            super(aggregateType);
        }

        /** How many aggregates stay in memory, least recently used evicted first. */
        public Builder<T> maximumCachedAggregates(long maximum) {
            this.maximumCachedAggregates = maximum;
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
