package io.stagedoor.query.live;

import io.stagedoor.kernel.id.UserId;

/**
 * A live notification (SPEC §5), named as in RealtimeKit, produced by the event at {@code version}.
 *
 * @param audience who may receive it
 */
public record Notification(long version, String name, Audience audience, Object data) {

    /** Who a notification is for. */
    public sealed interface Audience permits Affected, Hosts, Everyone {
    }

    /** The participant it is about (and services). */
    public record Affected(UserId userId) implements Audience {
    }

    /** Holders of acceptStageRequests (and services). */
    public record Hosts() implements Audience {
    }

    /** Everyone in the meeting. */
    public record Everyone() implements Audience {
    }
}
