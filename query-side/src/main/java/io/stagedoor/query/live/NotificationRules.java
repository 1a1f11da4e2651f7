package io.stagedoor.query.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.ParticipantRemoved;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequestExpired;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.feed.EventTypes;
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

    /**
     * Stagedoor's own notification (decisions #67): the meeting or a participant changed in a way SPEC §5 names no
     * notification for; a client that keeps the meeting on screen reads it again.
     *
     * @param type   the event's public name, as the change feed carries it ({@link EventTypes})
     * @param userId the participant concerned; absent for an event about the meeting
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MeetingUpdate(String type, String userId) {
    }

    private NotificationRules() {
    }

    /** @param after the meeting with the event applied */
    static List<Notification> derive(StageEvent event, long version, StageFold after) {
        List<Notification> notifications = event instanceof ParticipantEvent change
                ? stageNotifications(change, version, after) : new ArrayList<>();
        if (updatesTheMeeting(event)) {
            String userId = event instanceof ParticipantEvent change ? change.userId().value() : null;
            notifications.add(new Notification(version, "meetingUpdate", EVERYONE,
                    new MeetingUpdate(EventTypes.of(event), userId)));
        }
        return notifications;
    }

    /** The events that change the meeting or who is in it as it is shown, beyond the stage: one meetingUpdate each. */
    private static boolean updatesTheMeeting(StageEvent event) {
        return event instanceof MeetingSettingsChanged || event instanceof MeetingEnded
                || event instanceof ParticipantAdded || event instanceof ParticipantRemoved
                || event instanceof ParticipantPermissionsChanged;
    }

    /** The notifications of SPEC §5: a participant's status, the request queue, the peers on stage. */
    private static List<Notification> stageNotifications(ParticipantEvent change, long version, StageFold after) {
        String userId = change.userId().value();
        StageStatus from = change.from();
        StageStatus to = change instanceof ParticipantRemoved ? StageStatus.OFF_STAGE : change.to();
        Notification.Affected affected = new Notification.Affected(change.userId());
        List<Notification> notifications = new ArrayList<>();
        if (from != null && from != to) {
            notifications.add(new Notification(version, "stageStatusUpdate", affected,
                    new StatusUpdate(userId, from, to, change.reason())));
        }
        if (change instanceof StageAccessGranted) {
            notifications.add(new Notification(version, "stageRequestApproved", affected,
                    new Decision(userId, change.actor().value(), change.reason())));
        }
        if (change instanceof StageAccessDenied || change instanceof StageAccessRequestExpired) {
            notifications.add(new Notification(version, "stageRequestRejected", affected,
                    new Decision(userId, change.actor().value(), change.reason())));
        }
        if (change instanceof StageAccessRequested) {
            ParticipantView requester = after.participant(change.userId());
            notifications.add(new Notification(version, "newStageRequest", HOSTS, new NewRequest(userId,
                    requester == null ? null : requester.name(), after.meeting().counts().requested())));
        }
        if ((from == REQUESTED_TO_JOIN_STAGE) != (to == REQUESTED_TO_JOIN_STAGE)) {
            notifications.add(new Notification(version, "stageAccessRequestUpdate", HOSTS,
                    new Queue(after.requests())));
        }
        if (change instanceof StageAccessRequested) {
            notifications.add(new Notification(version, "peerRequestToJoinStage", EVERYONE, new Peer(userId)));
        }
        if (change instanceof StageAccessGranted) {
            notifications.add(new Notification(version, "peerAcceptedToJoinStage", EVERYONE, new Peer(userId)));
        }
        if (change instanceof StageAccessDenied || change instanceof StageAccessRequestExpired) {
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
