package io.stagedoor.command.deadline;

import java.time.Instant;

/**
 * Something the engine must do at a moment unless the stage moves on first.
 *
 * @param sinceVersion the meeting version of the event that set it (tells it from a later deadline of the same kind)
 */
record Deadline(Key key, Instant dueAt, long sinceVersion) {

    /** At most one deadline of each kind per participant. */
    record Key(String meetingId, String userId, Kind kind) {
    }

    enum Kind {
        /** A pending request reaches the meeting's request timeout. */
        REQUEST_EXPIRY("request-expiry"),
        /** An acceptance not used to join reaches the meeting's accept timeout. */
        ACCEPTANCE_EXPIRY("acceptance-expiry");

        final String stored;

        Kind(String stored) {
            this.stored = stored;
        }

        static Kind of(String stored) {
            for (Kind kind : values()) {
                if (kind.stored.equals(stored)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown deadline kind " + stored);
        }
    }
}
