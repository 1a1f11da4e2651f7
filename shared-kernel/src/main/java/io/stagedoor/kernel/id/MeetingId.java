package io.stagedoor.kernel.id;

/** Identifies a meeting, and with it the one {@code Stage} that coordinates it. */
public record MeetingId(String value) {

    public MeetingId {
        IdFormat.require("meetingId", value);
    }

    public static MeetingId of(String value) {
        return new MeetingId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
