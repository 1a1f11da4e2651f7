package io.stagedoor.query.fold;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The stage of a meeting at a version: settings, who is on stage, who is accepted, the request queue (shown only to
 * those who may see it), counts. Built from the read model or, for time travel, by folding the stored events.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageOverview(String meetingId, long version, String title, Integer maxOnStage,
                            Integer requestTimeoutSeconds, boolean ended, Instant createdAt, Instant endedAt,
                            Counts counts, List<Person> onStage, List<Person> accepted, List<Request> requests) {

    public record Counts(int participants, int onStage, int accepted, int requested) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Person(String userId, String name, Instant since) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String userId, String name, Instant requestedAt, int position) {
    }

    public StageOverview withoutRequests() {
        return new StageOverview(meetingId, version, title, maxOnStage, requestTimeoutSeconds, ended, createdAt, endedAt,
                counts, onStage, accepted, null);
    }
}
