package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;

public record DenyStageAccess(MeetingId meetingId, TargetUsers targets, Actor actor) implements StageCommand {

    public DenyStageAccess {
        Required.present(meetingId, "meetingId");
        Required.present(targets, "targets");
        Required.present(actor, "actor");
    }
}
