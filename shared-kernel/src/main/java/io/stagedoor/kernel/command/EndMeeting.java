package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;

public record EndMeeting(MeetingId meetingId, Actor actor) implements StageCommand {

    public EndMeeting {
        Required.present(meetingId, "meetingId");
        Required.present(actor, "actor");
    }
}
