package io.stagedoor.command.deadline;

import io.stagedoor.kernel.command.ExpireStageAcceptance;
import io.stagedoor.kernel.command.ExpireStageRequest;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns the deadlines that fell due into commands to their meetings. Runs as a recurring db-scheduler task, so one node
 * of the cluster at a time fires them; a deadline stays stored until the event its command appends removes it, so a
 * crash in between fires it again, and the command, which names the version that set the deadline, changes nothing
 * the second time.
 */
final class DueDeadlines {

    private static final Logger log = LoggerFactory.getLogger(DueDeadlines.class);
    static final int PER_ROUND = 1000;

    private final DeadlineRows rows;
    private final CommandGateway commands;

    DueDeadlines(DeadlineRows rows, CommandGateway commands) {
        this.rows = rows;
        this.commands = commands;
    }

    /** Fires the deadlines due now, earliest first, at most {@value #PER_ROUND} a round, and waits for their commands. */
    void fire() {
        List<Deadline> due = rows.due(PER_ROUND);
        CompletableFuture.allOf(due.stream().map(this::fire).toArray(CompletableFuture[]::new))
                         .orTimeout(30, TimeUnit.SECONDS).join();
    }

    private CompletableFuture<Object> fire(Deadline deadline) {
        Object command = switch (deadline.key().kind()) {
            case REQUEST_EXPIRY -> new ExpireStageRequest(MeetingId.of(deadline.key().meetingId()),
                    UserId.of(deadline.key().userId()), deadline.sinceVersion(), deadline.dueAt());
            case ACCEPTANCE_EXPIRY -> new ExpireStageAcceptance(MeetingId.of(deadline.key().meetingId()),
                    UserId.of(deadline.key().userId()), deadline.sinceVersion(), deadline.dueAt());
        };
        return commands.send(command).exceptionally(failure -> {
            log.warn("Could not fire the {} deadline of {} in meeting {}; it stays and is tried again: {}",
                    deadline.key().kind().stored, deadline.key().userId(), deadline.key().meetingId(), failure.toString());
            return null;
        });
    }
}
