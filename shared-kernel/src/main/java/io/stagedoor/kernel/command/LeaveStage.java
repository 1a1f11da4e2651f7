package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;

public record LeaveStage(MeetingId meetingId, UserId userId, Actor actor) implements StageCommand {

    public LeaveStage {
        Required.present(meetingId, "meetingId");
        Required.present(userId, "userId");
        Required.present(actor, "actor");
    }
}
