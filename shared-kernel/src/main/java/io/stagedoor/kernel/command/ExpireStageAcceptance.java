package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;

import java.time.Instant;

/**
 * The engine's own command: the acceptance granted at {@code acceptanceVersion} to {@code userId} was not used to join
 * by {@code dueAt} (the meeting's acceptTimeoutSeconds). An acceptance used, withdrawn or granted again since is not
 * this one: nothing changes.
 */
public record ExpireStageAcceptance(MeetingId meetingId, UserId userId, long acceptanceVersion, Instant dueAt)
        implements StageCommand {

    public ExpireStageAcceptance {
        Required.present(meetingId, "meetingId");
        Required.present(userId, "userId");
        Required.present(dueAt, "dueAt");
    }

    @Override
    public Actor actor() {
        return Actor.ENGINE;
    }
}
