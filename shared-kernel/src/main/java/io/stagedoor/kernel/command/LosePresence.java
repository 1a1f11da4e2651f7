package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;

/**
 * The engine's own command: {@code userId} has had no live stream and sent no heartbeat for longer than the meeting's
 * presenceGraceSeconds while holding what it held since {@code holdingSince} (the meeting version of the event that
 * gave it its current status). Its pending request is cancelled, or its seat released. A participant whose status
 * changed since is judged again later: nothing changes.
 */
public record LosePresence(MeetingId meetingId, UserId userId, long holdingSince) implements StageCommand {

    public LosePresence {
        Required.present(meetingId, "meetingId");
        Required.present(userId, "userId");
    }

    @Override
    public Actor actor() {
        return Actor.ENGINE;
    }
}
