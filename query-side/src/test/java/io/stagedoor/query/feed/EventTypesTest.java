package io.stagedoor.query.feed;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue names every stored event once, as {@code <resource>.<action>}. */
class EventTypesTest {

    @Test
    void everyConcreteEventOfTheSealedHierarchyHasOneDistinctName() {
        List<Class<?>> events = EventTypes.concreteEvents();
        assertThat(events).hasSize(15);
        assertThat(EventTypes.all()).hasSize(events.size());
        assertThat(EventTypes.names()).allMatch(name -> name.matches("(meeting|participant|stage)\\.[a-z_]+"))
                                      .doesNotContain(EventTypes.WEBHOOK_TEST);
    }

    @Test
    void participantTypesDescribeTheParticipantAndItsStatuses() {
        EventTypes.EventType joined = EventTypes.all().stream().filter(t -> t.type().equals("stage.joined"))
                                                .findFirst().orElseThrow();
        assertThat(joined.dataSchema().get("required")).asList().contains("userId", "meetingId", "version");
        EventTypes.EventType ended = EventTypes.all().stream().filter(t -> t.type().equals("meeting.ended"))
                                               .findFirst().orElseThrow();
        assertThat(ended.dataSchema().get("required")).asList().doesNotContain("userId");
    }
}
