package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;

import java.time.Instant;

/**
 * The engine's own command: the request made at {@code requestVersion} by {@code userId} reached its timeout at
 * {@code dueAt}. A request answered, cancelled or made again since is not expired (the command changes nothing).
 */
public record ExpireStageRequest(MeetingId meetingId, UserId userId, long requestVersion, Instant dueAt)
        implements StageCommand {

    public ExpireStageRequest {
        Required.present(meetingId, "meetingId");
        Required.present(userId, "userId");
        Required.present(dueAt, "dueAt");
    }

    @Override
    public Actor actor() {
        return Actor.ENGINE;
    }
}
