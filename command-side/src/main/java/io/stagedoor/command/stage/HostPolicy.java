package io.stagedoor.command.stage;

import io.stagedoor.kernel.event.RemovedFromStage;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;

import java.time.Instant;

import static io.stagedoor.kernel.command.UnchangedReason.JOINS_DIRECTLY;
import static io.stagedoor.kernel.command.UnchangedReason.NOT_ON_STAGE;
import static io.stagedoor.kernel.command.UnchangedReason.NO_PENDING_REQUEST;
import static io.stagedoor.kernel.command.UnchangedReason.ON_STAGE_USE_KICK;
import static io.stagedoor.kernel.command.UnchangedReason.REQUEST_PENDING_USE_DENY;
import static io.stagedoor.kernel.command.UnchangedReason.STAGE_DISABLED;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;

/**
 * What a host command (SPEC §2) does to each participant it names, one at a time: the event that moves the
 * participant, or why it stays. A policy only decides; nothing it names is ever refused.
 */
sealed interface HostPolicy permits HostPolicy.Grant, HostPolicy.Deny, HostPolicy.Kick {

    /** The host (or service) acting. */
    Actor actor();

    Decision decide(UserId userId, Participant participant);

    /**
     * Grant accepts a request, or invites an OFF participant (even a NOT_ALLOWED one), if the stage is enabled.
     *
     * @param expiresAt when the acceptance expires unless used; null without an accept timeout
     */
    record Grant(MeetingId meetingId, Actor actor, Instant at, Instant expiresAt) implements HostPolicy {
        public Decision decide(UserId userId, Participant participant) {
            if (!participant.permissions().stageEnabled()) {
                return Decision.unchanged(userId, participant, STAGE_DISABLED);
            }
            return switch (participant.status()) {
                case OFF_STAGE, REQUESTED_TO_JOIN_STAGE ->
                        Decision.change(new StageAccessGranted(meetingId, userId, participant.status(), actor, at,
                                expiresAt, null));
                case ACCEPTED_TO_JOIN_STAGE, ON_STAGE -> Decision.unchanged(userId, participant, participant.alreadyThere());
            };
        }
    }

    /** Deny turns down a request, or withdraws an acceptance a host gave; someone on stage is kicked instead. */
    record Deny(MeetingId meetingId, Actor actor, Instant at) implements HostPolicy {
        public Decision decide(UserId userId, Participant participant) {
            if (participant.is(REQUESTED_TO_JOIN_STAGE) || participant.acceptedByAHost()) {
                return Decision.change(new StageAccessDenied(meetingId, userId, participant.status(), actor, at));
            }
            return Decision.unchanged(userId, participant, switch (participant.status()) {
                case ON_STAGE -> ON_STAGE_USE_KICK;
                case OFF_STAGE -> NO_PENDING_REQUEST;
                default -> JOINS_DIRECTLY; // accepted, as everyone who joins the stage directly
            });
        }
    }

    /**
     * Kick takes someone off the stage (to its resting status) or withdraws an acceptance a host gave; a pending
     * request is denied instead, so a kick never answers a request.
     */
    record Kick(MeetingId meetingId, Actor actor, Instant at) implements HostPolicy {
        public Decision decide(UserId userId, Participant participant) {
            if (participant.is(ON_STAGE) || participant.acceptedByAHost()) {
                return Decision.change(new RemovedFromStage(meetingId, userId, participant.status(),
                        participant.offTheStage(), actor, at));
            }
            return Decision.unchanged(userId, participant, switch (participant.status()) {
                case OFF_STAGE -> NOT_ON_STAGE;
                case REQUESTED_TO_JOIN_STAGE -> REQUEST_PENDING_USE_DENY;
                default -> JOINS_DIRECTLY; // accepted, as everyone who joins the stage directly
            });
        }
    }
}
