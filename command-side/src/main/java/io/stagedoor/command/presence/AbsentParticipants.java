package io.stagedoor.command.presence;

import io.stagedoor.kernel.command.LosePresence;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Judges presence: each round, the watched participants nobody has seen for longer than their meeting's grace lose
 * what they hold ({@link LosePresence}). Runs as a recurring db-scheduler task, so one node of the cluster judges at a
 * time. A participant stays watched until the event its command appends releases it, so a crash in between judges it
 * again, and the command, which names the version it judged, changes nothing the second time.
 */
final class AbsentParticipants {

    private static final Logger log = LoggerFactory.getLogger(AbsentParticipants.class);
    static final int PER_ROUND = 1000;

    private final WatchRows rows;
    private final CommandGateway commands;
    private final Duration unobservedAfter;

    /** @param unobservedAfter a gap between two rounds longer than this means nothing was observed in between */
    AbsentParticipants(WatchRows rows, CommandGateway commands, Duration unobservedAfter) {
        this.rows = rows;
        this.commands = commands;
        this.unobservedAfter = unobservedAfter;
    }

    /** Sends the judgement of at most {@value #PER_ROUND} absent participants and waits for their commands. */
    void judge() {
        List<WatchRows.Absent> absent = rows.absent(PER_ROUND, unobservedAfter);
        CompletableFuture.allOf(absent.stream().map(this::lose).toArray(CompletableFuture[]::new))
                         .orTimeout(30, TimeUnit.SECONDS).join();
    }

    private CompletableFuture<Object> lose(WatchRows.Absent participant) {
        return commands.send(new LosePresence(MeetingId.of(participant.meetingId()), UserId.of(participant.userId()),
                participant.holdingSinceVersion())).exceptionally(failure -> {
            log.warn("Could not judge the presence of {} in meeting {}; it is judged again: {}", participant.userId(),
                    participant.meetingId(), failure.toString());
            return null;
        });
    }
}
