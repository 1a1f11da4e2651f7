package io.stagedoor.kernel.stage;

/** How a participant may get onto the stage (RealtimeKit {@code stageAccess}). */
public enum StageAccess {
    /** May join directly. */
    ALLOWED,
    /** Must request and be accepted by a host. */
    CAN_REQUEST,
    /** May not request; a host can still invite. */
    NOT_ALLOWED
}
