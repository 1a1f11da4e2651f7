package io.stagedoor.command.stage;

/**
 * A place in the request queue.
 *
 * @param sequence         the meeting version of the request event, which tells this request from a later one
 * @param expiryDeadlineId the scheduled expiry, to cancel when the request leaves the queue; null without a timeout
 */
record PendingRequest(long sequence, String expiryDeadlineId) {
}
