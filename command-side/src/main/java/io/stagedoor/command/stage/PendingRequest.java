package io.stagedoor.command.stage;

/**
 * A place in the request queue.
 *
 * @param sequence the meeting version of the request event, which tells this request from a later one (its expiry
 *                 names it)
 */
record PendingRequest(long sequence) {
}
