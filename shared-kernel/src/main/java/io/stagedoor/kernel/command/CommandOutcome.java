package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.MeetingId;

import java.util.List;

/**
 * The answer to a successful command: the meeting's version after it (the sequence number of its last
 * event) and one outcome per participant the command named or touched.
 */
public record CommandOutcome(MeetingId meetingId, long version, List<TargetOutcome> outcomes) {

    public CommandOutcome {
        outcomes = List.copyOf(outcomes);
    }
}
