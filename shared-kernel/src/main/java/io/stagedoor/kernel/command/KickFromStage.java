package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;

public record KickFromStage(MeetingId meetingId, TargetUsers.Listed targets, Actor actor) implements StageCommand {

    public KickFromStage {
        Required.present(meetingId, "meetingId");
        Required.present(targets, "targets");
        Required.present(actor, "actor");
    }
}
