package io.stagedoor.command.stage;

import io.stagedoor.kernel.command.UnchangedReason;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;

/**
 * What the stage needs to know of a participant to decide: its preset, permissions and status, and since when it is
 * as it is.
 *
 * @param since the meeting version of the last event about this participant (presence judgements name it)
 */
record Participant(PresetName preset, StagePermissions permissions, StageStatus status, long since) {

    Participant withStatus(StageStatus newStatus, long version) {
        return new Participant(preset, permissions, newStatus, version);
    }

    /** Holds something presence can lose: a pending request, an acceptance a host gave, or a place on stage. */
    boolean holdsAPlace() {
        return status == StageStatus.REQUESTED_TO_JOIN_STAGE || status == StageStatus.ON_STAGE || acceptedByAHost();
    }

    boolean is(StageStatus candidate) {
        return status == candidate;
    }

    /** The status this participant returns to when leaving the stage or being kicked. */
    StageStatus restingStatus() {
        return permissions.restingStatus();
    }

    /** Holds an acceptance it may give back (leave) or lose (deny, kick): accepted without joining directly. */
    boolean acceptedByAHost() {
        return status == StageStatus.ACCEPTED_TO_JOIN_STAGE && !permissions.joinsDirectly();
    }

    /** The status after leaving the stage or being kicked: ON rests at its resting status; an acceptance goes OFF. */
    StageStatus offTheStage() {
        return status == StageStatus.ON_STAGE ? restingStatus() : StageStatus.OFF_STAGE;
    }

    /** Why asking for the stage changes nothing for a participant already past OFF. */
    UnchangedReason alreadyThere() {
        return switch (status) {
            case REQUESTED_TO_JOIN_STAGE -> UnchangedReason.ALREADY_REQUESTED;
            case ACCEPTED_TO_JOIN_STAGE -> UnchangedReason.ALREADY_ACCEPTED;
            case ON_STAGE -> UnchangedReason.ALREADY_ON_STAGE;
            case OFF_STAGE -> throw new IllegalStateException("an OFF_STAGE participant is not there yet");
        };
    }

    /**
     * The status after a permissions change (SPEC §2): barred (NOT_ALLOWED or disabled) goes OFF; becoming a
     * direct joiner moves OFF/REQUESTED to ACCEPTED; leaving ALLOWED for CAN_REQUEST withdraws an ACCEPTED
     * (ON stays ON); any other change leaves the status as it is.
     */
    StageStatus statusUnder(StagePermissions next) {
        if (next.barredFromStage()) {
            return StageStatus.OFF_STAGE;
        }
        if (next.joinsDirectly()) {
            return status == StageStatus.OFF_STAGE || status == StageStatus.REQUESTED_TO_JOIN_STAGE
                    ? StageStatus.ACCEPTED_TO_JOIN_STAGE : status;
        }
        if (permissions.joinsDirectly() && status == StageStatus.ACCEPTED_TO_JOIN_STAGE) {
            return StageStatus.OFF_STAGE;
        }
        return status;
    }
}
