package io.stagedoor.query.projection;

import io.stagedoor.kernel.event.StageEvent;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ApplicationContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Appends events to the event store as the command side would: per meeting, in sequence, in one transaction. */
public final class StoredEvents {

    private final EventStore eventStore;
    private final TransactionManager transactions;
    private final Map<String, Long> next = new HashMap<>();

    public StoredEvents(ApplicationContext context) {
        this.eventStore = context.getBean(EventStore.class);
        this.transactions = context.getBean(TransactionManager.class);
    }

    /** @return the version of the last event appended */
    public long append(StageEvent... events) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        long version = -1;
        for (StageEvent event : events) {
            String meeting = event.meetingId().value();
            version = next.merge(meeting, 1L, Long::sum) - 1;
            messages.add(new GenericDomainEventMessage<>(StageEvent.AGGREGATE_TYPE, meeting, version, event));
        }
        transactions.executeInTransaction(() -> eventStore.publish(messages));
        return version;
    }
}
