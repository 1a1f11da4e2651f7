package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettingsPatch;

public record ChangeMeetingSettings(MeetingId meetingId, MeetingSettingsPatch patch, Actor actor)
        implements StageCommand {

    public ChangeMeetingSettings {
        Required.present(meetingId, "meetingId");
        Required.present(patch, "patch");
        Required.present(actor, "actor");
    }
}
