package io.stagedoor.command.stage;

import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.StageStatus;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who takes part in a meeting and where each stands: the participants in the order they were added, the
 * request queue in the order participants asked, the acceptances hosts gave, and how many are on stage. It answers
 * the questions the stage's rules ask. Only the stage's event-sourcing handlers change it, and each change keeps the
 * queue, the acceptances and the count in step with the participants, so a question is answered without a scan.
 * <p>
 * Public only so that the engine can snapshot it field by field, as it does the stage; its members are the
 * stage's alone.
 */
public final class Roster {

    private LinkedHashMap<UserId, Participant> participants = new LinkedHashMap<>();
    /** Exactly the REQUESTED participants, in the order they asked. */
    private LinkedHashMap<UserId, PendingRequest> requestQueue = new LinkedHashMap<>();
    /**
     * Exactly the participants holding an acceptance a host (or the engine) gave — ACCEPTED, not joining directly —
     * with the meeting version of the grant (its expiry names it). Each takes a seat until it is used or lost.
     */
    private LinkedHashMap<UserId, Long> acceptances = new LinkedHashMap<>();
    private int onStageCount;

    Roster() {
    }

    // ---- questions --------------------------------------------------------------------------------------

    /** The participant, or null if the user is not a participant of this meeting. */
    Participant participant(UserId userId) {
        return participants.get(userId);
    }

    /** The participants, in the order they were added. */
    Map<UserId, Participant> participants() {
        return Collections.unmodifiableMap(participants);
    }

    /** Those of {@code userIds} who are not participants, in the order given. */
    List<UserId> notParticipants(Collection<UserId> userIds) {
        return userIds.stream().filter(userId -> !participants.containsKey(userId)).toList();
    }

    /** The pending requests, in the order participants asked. */
    Map<UserId, PendingRequest> requestQueue() {
        return Collections.unmodifiableMap(requestQueue);
    }

    /** The acceptances that take a seat, with the version of their grant. */
    Map<UserId, Long> acceptances() {
        return Collections.unmodifiableMap(acceptances);
    }

    int onStageCount() {
        return onStageCount;
    }

    /** The seats taken (SPEC §8 "room"): on stage plus accepted-not-ALLOWED. */
    int seatsTaken() {
        return onStageCount + acceptances.size();
    }

    // ---- changes, from the stage's event-sourcing handlers only -----------------------------------------

    /** Adds the participant, or replaces what the roster knew of it. */
    void put(UserId userId, Participant participant) {
        Participant before = participants.put(userId, participant);
        keepInStep(userId, before, participant);
    }

    void remove(UserId userId) {
        keepInStep(userId, participants.remove(userId), null);
    }

    void move(UserId userId, StageStatus status, long version) {
        put(userId, participants.get(userId).withStatus(status, version));
    }

    /** The participant asked for the stage: it joins the end of the queue. */
    void request(UserId userId, long version) {
        move(userId, StageStatus.REQUESTED_TO_JOIN_STAGE, version);
        requestQueue.put(userId, new PendingRequest(version));
    }

    /** The participant was granted the stage: its acceptance takes a seat. */
    void accept(UserId userId, long version) {
        move(userId, StageStatus.ACCEPTED_TO_JOIN_STAGE, version);
        acceptances.put(userId, version);
    }

    /** Keeps the queue, the acceptances and the counts in step with a participant's change ({@code null}: gone). */
    private void keepInStep(UserId userId, Participant before, Participant after) {
        boolean wasRequested = before != null && before.is(StageStatus.REQUESTED_TO_JOIN_STAGE);
        if (wasRequested && (after == null || !after.is(StageStatus.REQUESTED_TO_JOIN_STAGE))) {
            requestQueue.remove(userId);
        }
        if (before != null && before.acceptedByAHost() && (after == null || !after.acceptedByAHost())) {
            acceptances.remove(userId);
        }
        if (before != null && before.is(StageStatus.ON_STAGE)) {
            onStageCount--;
        }
        if (after != null && after.is(StageStatus.ON_STAGE)) {
            onStageCount++;
        }
    }
}
