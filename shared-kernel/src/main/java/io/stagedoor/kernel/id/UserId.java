package io.stagedoor.kernel.id;

import io.stagedoor.kernel.error.InvalidInput;

/**
 * Identifies a participant within a meeting. Ids starting with {@code service:} are reserved for
 * service actors, so an audit entry's actor is never ambiguous.
 */
public record UserId(String value) {

    public UserId {
        IdFormat.require("userId", value);
        if (value.startsWith(Actor.SERVICE_PREFIX)) {
            throw new InvalidInput("userId may not start with '" + Actor.SERVICE_PREFIX + "' (reserved for services)");
        }
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
