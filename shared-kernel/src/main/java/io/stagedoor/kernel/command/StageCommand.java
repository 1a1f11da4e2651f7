package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;

/** A command to the {@code Stage} of one meeting, performed by an actor. */
public sealed interface StageCommand
        permits CreateMeeting, ChangeMeetingSettings, EndMeeting,
                AddParticipant, AddParticipants, RemoveParticipant, ChangeParticipantPermissions,
                RequestStageAccess, CancelStageAccessRequest, JoinStage, LeaveStage,
                GrantStageAccess, DenyStageAccess, KickFromStage,
                ExpireStageRequest, ExpireStageAcceptance, LosePresence {

    MeetingId meetingId();

    Actor actor();
}
