package io.stagedoor.query.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.ParticipantRemoved;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequestExpired;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.fold.ParticipantView;
import io.stagedoor.query.fold.StageFold;
import io.stagedoor.query.fold.StageOverview;

import java.util.ArrayList;
import java.util.List;

import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;

/** Which notifications an event produces (SPEC §5), given the meeting as it is after the event. */
final class NotificationRules {

    private static final Notification.Hosts HOSTS = new Notification.Hosts();
    private static final Notification.Everyone EVERYONE = new Notification.Everyone();

    /** @param reason why the engine moved the participant (see {@link Decision}); absent otherwise */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusUpdate(String userId, StageStatus oldStatus, StageStatus newStatus, String reason) {
    }

    /**
     * @param by     who decided: a host's user id, or {@code service:<name>} ({@code service:stagedoor}: the engine)
     * @param reason why the engine decided, one of {@code EngineReasons} (the event's reason); absent when a host or
     *               service did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Decision(String userId, String by, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewRequest(String userId, String name, int count) {
    }

    record Queue(List<StageOverview.Request> requests) {
    }

    record Peer(String userId) {
    }

    private NotificationRules() {
    }

    /** @param after the meeting with the event applied */
    static List<Notification> derive(StageEvent event, long version, StageFold after) {
        if (!(event instanceof ParticipantEvent change)) {
            return List.of();
        }
        String userId = change.userId().value();
        StageStatus from = change.from();
        StageStatus to = event instanceof ParticipantRemoved ? StageStatus.OFF_STAGE : change.to();
        Notification.Affected affected = new Notification.Affected(change.userId());
        List<Notification> notifications = new ArrayList<>();
        if (from != null && from != to) {
            notifications.add(new Notification(version, "stageStatusUpdate", affected,
                    new StatusUpdate(userId, from, to, change.reason())));
        }
        if (event instanceof StageAccessGranted) {
            notifications.add(new Notification(version, "stageRequestApproved", affected,
                    new Decision(userId, event.actor().value(), change.reason())));
        }
        if (event instanceof StageAccessDenied || event instanceof StageAccessRequestExpired) {
            notifications.add(new Notification(version, "stageRequestRejected", affected,
                    new Decision(userId, event.actor().value(), change.reason())));
        }
        if (event instanceof StageAccessRequested) {
            ParticipantView requester = after.participant(change.userId());
            notifications.add(new Notification(version, "newStageRequest", HOSTS, new NewRequest(userId,
                    requester == null ? null : requester.name(), after.meeting().counts().requested())));
        }
        if ((from == REQUESTED_TO_JOIN_STAGE) != (to == REQUESTED_TO_JOIN_STAGE)) {
            notifications.add(new Notification(version, "stageAccessRequestUpdate", HOSTS, new Queue(after.requests())));
        }
        if (event instanceof StageAccessRequested) {
            notifications.add(new Notification(version, "peerRequestToJoinStage", EVERYONE, new Peer(userId)));
        }
        if (event instanceof StageAccessGranted) {
            notifications.add(new Notification(version, "peerAcceptedToJoinStage", EVERYONE, new Peer(userId)));
        }
        if (event instanceof StageAccessDenied || event instanceof StageAccessRequestExpired) {
            notifications.add(new Notification(version, "peerRejectedToJoinStage", EVERYONE, new Peer(userId)));
        }
        if (to == ON_STAGE && from != ON_STAGE) {
            notifications.add(new Notification(version, "peerStartedPresenting", EVERYONE, new Peer(userId)));
        }
        if (from == ON_STAGE && to != ON_STAGE) {
            notifications.add(new Notification(version, "peerStoppedPresenting", EVERYONE, new Peer(userId)));
        }
        return notifications;
    }
}
