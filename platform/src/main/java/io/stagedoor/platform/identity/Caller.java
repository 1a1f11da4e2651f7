package io.stagedoor.platform.identity;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;

/** Who is calling, as established by its credentials (SPEC §7). */
public sealed interface Caller permits Caller.Service, Caller.Participant {

    /** Whose credentials these are, alike for every token of one participant: {@code service:<name>}, {@code m/u}. */
    String principal();

    /** A backend service with an API key: may do everything, recorded as {@code service:<name>}. */
    record Service(String name) implements Caller {
        @Override
        public String principal() {
            return "service:" + name;
        }
    }

    /**
     * A participant with a token: covers only its own meeting, and self commands only for its own user.
     *
     * @param confirmedVersion the meeting's version at which the participant was confirmed when its token was issued
     *                         (0 for a token that does not say): reads wait for the read model to reach it
     */
    record Participant(MeetingId meetingId, UserId userId, long confirmedVersion) implements Caller {
        @Override
        public String principal() {
            return meetingId + "/" + userId;
        }
    }
}
