package io.stagedoor.command.stage;

import io.stagedoor.kernel.id.UserId;

/** Deadline payload: the request made at {@code requestSequence} by {@code userId} has timed out. */
record RequestExpiry(UserId userId, long requestSequence) {
}
