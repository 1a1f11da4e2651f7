package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;

import java.util.List;

/**
 * The answer to a meeting-level command (create, change settings): the meeting as it is after it.
 *
 * @param changed  whether the command appended anything (false: the meeting already was like this)
 * @param outcomes the participants the change moved (turning autoAccept on, or making room, admits waiting requests);
 *                 absent in an outcome remembered before release 0.2 (an {@code Idempotency-Key} answer): none
 */
public record MeetingOutcome(MeetingId meetingId, long version, MeetingSettings settings, boolean changed,
                             List<TargetOutcome> outcomes) {

    public MeetingOutcome {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }

    public MeetingOutcome(MeetingId meetingId, long version, MeetingSettings settings, boolean changed) {
        this(meetingId, version, settings, changed, List.of());
    }
}
