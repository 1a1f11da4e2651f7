package io.stagedoor.query.api;

import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.query.fold.StageFold;
import io.stagedoor.query.fold.StageOverview;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * The overview as it was: the meeting's stored events folded up to a version or a moment in a {@link StageFold},
 * as live notifications hold it — the fold the read-model projection applies to its rows.
 */
@Component
class TimeTravel {

    private final EventStorageEngine events;

    TimeTravel(EventStorageEngine events) {
        this.events = events;
    }

    /**
     * @param version fold up to and including this version (or null)
     * @param at      fold the events that occurred at or before this moment (or null)
     * @return empty if the meeting did not exist then
     */
    Optional<StageOverview> overview(MeetingId meetingId, Long version, Instant at) {
        StageFold fold = new StageFold();
        DomainEventStream stream = events.readEvents(meetingId.value(), 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.peek();
            if (!(message.getPayload() instanceof StageEvent event)
                    || (version != null && message.getSequenceNumber() > version)
                    || (at != null && event.occurredAt().isAfter(at))) {
                break;
            }
            fold.apply(event, message.getSequenceNumber());
            stream.next();
        }
        return fold.version() < 0 ? Optional.empty() : Optional.of(fold.overview());
    }
}
