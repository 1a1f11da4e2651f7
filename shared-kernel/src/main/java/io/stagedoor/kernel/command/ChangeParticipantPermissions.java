package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.PermissionsPatch;

public record ChangeParticipantPermissions(MeetingId meetingId, UserId userId, PermissionsPatch patch, Actor actor)
        implements StageCommand {

    public ChangeParticipantPermissions {
        Required.present(meetingId, "meetingId");
        Required.present(userId, "userId");
        Required.present(patch, "patch");
        Required.present(actor, "actor");
    }
}
