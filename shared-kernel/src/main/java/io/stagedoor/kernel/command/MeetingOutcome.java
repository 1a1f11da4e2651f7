package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;

/**
 * The answer to a meeting-level command (create, change settings): the meeting as it is after it.
 *
 * @param changed whether the command appended anything (false: the meeting already was like this)
 */
public record MeetingOutcome(MeetingId meetingId, long version, MeetingSettings settings, boolean changed) {
}
