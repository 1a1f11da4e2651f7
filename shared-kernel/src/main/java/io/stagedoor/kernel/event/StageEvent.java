package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;

import java.time.Instant;

/**
 * Something that happened to a meeting's stage. Events are the source of truth: immutable, past tense,
 * stored forever. Their class names and JSON shapes are pinned by a golden test; never rename or move one
 * without a revision and an upcaster.
 */
public sealed interface StageEvent permits MeetingCreated, MeetingSettingsChanged, MeetingEnded, ParticipantEvent {

    /**
     * The aggregate type under which a meeting's events are stored (the event store's {@code type} column): the
     * simple name of the command side's {@code Stage} aggregate, which is what Axon stores.
     */
    String AGGREGATE_TYPE = "Stage";

    MeetingId meetingId();

    /** Who caused it: a participant's user id, or {@code service:<name>}. */
    Actor actor();

    Instant occurredAt();
}
