package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;

public record GrantStageAccess(MeetingId meetingId, TargetUsers targets, Actor actor) implements StageCommand {

    public GrantStageAccess {
        Required.present(meetingId, "meetingId");
        Required.present(targets, "targets");
        Required.present(actor, "actor");
    }
}
