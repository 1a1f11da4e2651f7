package io.stagedoor.kernel.stage;

/** Where a participant stands with respect to the stage (RealtimeKit's stage status values). */
public enum StageStatus {
    OFF_STAGE,
    REQUESTED_TO_JOIN_STAGE,
    ACCEPTED_TO_JOIN_STAGE,
    ON_STAGE
}
