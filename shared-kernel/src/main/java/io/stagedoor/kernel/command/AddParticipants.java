package io.stagedoor.kernel.command;

import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.Preset;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Add (or change the preset of) up to {@value #MAX_PARTICIPANTS} participants in one command, all or none: each as
 * {@link AddParticipant} would, with one outcome per participant in the order given.
 */
public record AddParticipants(MeetingId meetingId, List<Entry> participants, Actor actor) implements StageCommand {

    public static final int MAX_PARTICIPANTS = 1000;

    /** One participant to add: its user id, display name (optional) and resolved preset. */
    public record Entry(UserId userId, String name, Preset preset) {
        public Entry {
            Required.present(userId, "userId");
            Required.present(preset, "preset");
            if (name != null && name.length() > AddParticipant.MAX_NAME_LENGTH) {
                throw new InvalidInput("name of '" + userId + "' is longer than " + AddParticipant.MAX_NAME_LENGTH
                        + " characters");
            }
        }
    }

    public AddParticipants {
        Required.present(meetingId, "meetingId");
        Required.present(actor, "actor");
        if (participants == null || participants.isEmpty()) {
            throw new InvalidInput("participants must name at least one participant");
        }
        if (participants.size() > MAX_PARTICIPANTS) {
            throw new InvalidInput("participants may name at most " + MAX_PARTICIPANTS);
        }
        // not contains(null): an immutable list (List.of, List.copyOf) throws NullPointerException when asked that
        if (participants.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInput("participants may not contain null");
        }
        Set<UserId> seen = new HashSet<>();
        for (Entry entry : participants) {
            if (!seen.add(entry.userId())) {
                throw new InvalidInput("participants names '" + entry.userId() + "' twice");
            }
        }
        participants = List.copyOf(participants);
    }
}
