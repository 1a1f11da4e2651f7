package io.stagedoor.query.fold;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.StageStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The stage of a meeting at a version: settings, who is on stage, who is accepted, the request queue (shown only to
 * those who may see it), counts. Built by {@link #of} from the fold's views, whether they come from the read model or,
 * for time travel and live notifications, from folding the stored events: the lists' order and the queue's positions
 * are defined here, once. The settings are the meeting's {@code MeetingSettings}, each under its own name; an unset
 * optional one is absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageOverview(@Schema(requiredMode = REQUIRED) String meetingId, long version, String title,
                            Integer maxOnStage, Integer requestTimeoutSeconds, boolean autoAccept,
                            Integer acceptTimeoutSeconds, Integer maxPendingRequests, Integer presenceGraceSeconds,
                            boolean ended, @Schema(requiredMode = REQUIRED) Instant createdAt, Instant endedAt,
                            @Schema(requiredMode = REQUIRED) Counts counts,
                            @Schema(requiredMode = REQUIRED) List<Person> onStage,
                            @Schema(requiredMode = REQUIRED) List<Person> accepted, List<Request> requests) {

    /** How many participants the meeting has, and how many of them are in each status but OFF. */
    public record Counts(int participants, int onStage, int accepted, int requested) {

        static final Counts NONE = new Counts(0, 0, 0, 0);

        /** The counts once a participant moved between statuses ({@code null}: not in the meeting). */
        Counts moved(StageStatus from, StageStatus to) {
            return new Counts(participants + in(to) - in(from),
                    onStage + in(to, StageStatus.ON_STAGE) - in(from, StageStatus.ON_STAGE),
                    accepted + in(to, StageStatus.ACCEPTED_TO_JOIN_STAGE) - in(from, StageStatus.ACCEPTED_TO_JOIN_STAGE),
                    requested + in(to, StageStatus.REQUESTED_TO_JOIN_STAGE) - in(from, StageStatus.REQUESTED_TO_JOIN_STAGE));
        }

        private static int in(StageStatus status) {
            return status == null ? 0 : 1;
        }

        private static int in(StageStatus status, StageStatus counted) {
            return status == counted ? 1 : 0;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Person(@Schema(requiredMode = REQUIRED) String userId, String name,
                         @Schema(requiredMode = REQUIRED) Instant since) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(@Schema(requiredMode = REQUIRED) String userId, String name,
                          @Schema(requiredMode = REQUIRED) Instant requestedAt, int position) {
    }

    /**
     * The overview of a meeting.
     *
     * @param participants at least every participant on stage, accepted or requesting (others are left out)
     */
    public static StageOverview of(MeetingView meeting, Collection<ParticipantView> participants) {
        MeetingSettings settings = meeting.settings();
        return new StageOverview(meeting.meetingId().value(), meeting.version(), settings.title(),
                settings.maxOnStage(), settings.requestTimeoutSeconds(), settings.autoAccept(),
                settings.acceptTimeoutSeconds(), settings.maxPendingRequests(), settings.presenceGraceSeconds(),
                meeting.ended(), meeting.createdAt(), meeting.endedAt(), meeting.counts(),
                people(participants, StageStatus.ON_STAGE), people(participants, StageStatus.ACCEPTED_TO_JOIN_STAGE),
                requests(participants.stream().filter(p -> p.is(StageStatus.REQUESTED_TO_JOIN_STAGE)).toList(), 0));
    }

    /**
     * Requests in queue order with their positions.
     *
     * @param queued consecutive requests of the queue (all of it, or a page)
     * @param before how many requests are queued before them
     */
    public static List<Request> requests(Collection<ParticipantView> queued, int before) {
        List<ParticipantView> inOrder = queued.stream().sorted(ParticipantView.QUEUE_ORDER).toList();
        return IntStream.range(0, inOrder.size()).mapToObj(i -> new Request(inOrder.get(i).userId().value(),
                inOrder.get(i).name(), inOrder.get(i).requestedAt(), before + i + 1)).toList();
    }

    private static List<Person> people(Collection<ParticipantView> participants, StageStatus status) {
        return participants.stream().filter(p -> p.is(status)).sorted(ParticipantView.STAGE_ORDER)
                           .map(p -> new Person(p.userId().value(), p.name(), p.since())).toList();
    }

    public StageOverview withoutRequests() {
        return new StageOverview(meetingId, version, title, maxOnStage, requestTimeoutSeconds, autoAccept,
                acceptTimeoutSeconds, maxPendingRequests, presenceGraceSeconds, ended, createdAt, endedAt, counts,
                onStage, accepted, null);
    }
}
