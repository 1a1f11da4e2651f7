package io.stagedoor.platform.identity;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;

/** Who is calling, as established by its credentials (SPEC §7). */
public sealed interface Caller permits Caller.Service, Caller.Participant {

    /** A backend service with an API key: may do everything, recorded as {@code service:<name>}. */
    record Service(String name) implements Caller {
    }

    /** A participant with a token: covers only its own meeting, and self commands only for its own user. */
    record Participant(MeetingId meetingId, UserId userId) implements Caller {
    }
}
