package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;

/** Create a meeting; creating an existing one again answers the meeting as it is. */
public record CreateMeeting(MeetingId meetingId, MeetingSettings settings, Actor actor) implements StageCommand {

    public CreateMeeting {
        Required.present(meetingId, "meetingId");
        Required.present(settings, "settings");
        Required.present(actor, "actor");
    }
}
