package io.stagedoor.query.live;

import io.stagedoor.kernel.id.UserId;
import io.stagedoor.query.fold.ParticipantView;
import io.stagedoor.query.fold.StageFold;

/**
 * Who watches a meeting's notifications: a service (sees everything), or a participant (sees what concerns it, what
 * concerns everyone, and what concerns hosts while it holds acceptStageRequests — judged on the meeting's state at
 * each event, never on its token).
 */
sealed interface Viewer permits Viewer.Service, Viewer.Participant {

    boolean mayReceive(Notification notification, StageFold meeting);

    /** The viewer's participant is no longer in the meeting: its stream ends. */
    default boolean isGone(StageFold meeting) {
        return false;
    }

    String key();

    record Service(String name) implements Viewer {
        public boolean mayReceive(Notification notification, StageFold meeting) {
            return true;
        }

        public String key() {
            return "service:" + name;
        }
    }

    /** @param confirmedVersion the meeting version from which the participant is in it (from its token) */
    record Participant(UserId userId, long confirmedVersion) implements Viewer {
        public boolean mayReceive(Notification notification, StageFold meeting) {
            if (notification.audience() instanceof Notification.Affected affected) {
                return affected.userId().equals(userId);
            }
            if (notification.audience() instanceof Notification.Hosts) {
                ParticipantView self = meeting.participant(userId);
                return self != null && self.permissions().acceptStageRequests();
            }
            return true;
        }

        @Override
        public boolean isGone(StageFold meeting) {
            // before its confirmed version the stream may still fold events from before the participant was added
            return meeting.version() >= confirmedVersion && meeting.participant(userId) == null;
        }

        public String key() {
            return userId.value();
        }
    }
}
