package io.stagedoor.kernel.command;

import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.Preset;

/**
 * Add a participant with a preset, whose permissions are copied onto the participant. The caller resolves
 * the preset by name, so the aggregate needs no lookup.
 */
public record AddParticipant(MeetingId meetingId, UserId userId, String name, Preset preset, Actor actor)
        implements StageCommand {

    public static final int MAX_NAME_LENGTH = 200;

    public AddParticipant {
        Required.present(meetingId, "meetingId");
        Required.present(userId, "userId");
        Required.present(preset, "preset");
        Required.present(actor, "actor");
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInput("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
    }
}
