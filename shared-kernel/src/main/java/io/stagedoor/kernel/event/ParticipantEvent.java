package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

/** An event about one participant: one per participant whose status or permissions change. */
public sealed interface ParticipantEvent extends StageEvent
        permits ParticipantAdded, ParticipantRemoved, ParticipantPermissionsChanged,
                StageAccessRequested, StageAccessRequestCancelled, StageAccessRequestExpired,
                StageAccessGranted, StageAccessDenied, StageJoined, StageLeft, RemovedFromStage, StageClosed {

    UserId userId();

    /** Status before; null if the participant was not in the meeting. */
    StageStatus from();

    /** Status after; null if the participant is no longer in the meeting. */
    StageStatus to();

    /** Why the engine ({@code service:stagedoor}) made this change, as one of {@link EngineReasons}; null otherwise. */
    default String reason() {
        return null;
    }
}
