package io.stagedoor.command.engine;

import io.stagedoor.command.stage.Stage;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.web.RequestRefused;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.util.OptionalLong;

/**
 * Answers the few questions the command side asks its own write model outside a command (is this user a
 * participant, and at which version, before issuing a token). Everything else is read from the query side's read
 * models.
 */
public class StageReader {

    private final Configuration axon;

    StageReader(Configuration axon) {
        this.axon = axon;
    }

    /**
     * The meeting's current version, if the user is a participant of it then; empty if not.
     *
     * @throws RequestRefused 2007 if the meeting does not exist
     */
    public OptionalLong versionWithParticipant(MeetingId meetingId, UserId userId) {
        ResultMessage<Long> result = DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> {
            Aggregate<Stage> stage = axon.repository(Stage.class).load(meetingId.value());
            return stage.invoke(loaded -> loaded.isParticipant(userId)) ? stage.version() : null;
        });
        if (result.isExceptional() && result.exceptionResult() instanceof AggregateNotFoundException) {
            throw new RequestRefused(ErrorCode.MEETING_NOT_FOUND, "meeting '" + meetingId + "' does not exist");
        }
        if (result.isExceptional()) {
            throw new IllegalStateException("could not read meeting " + meetingId, result.exceptionResult());
        }
        return result.getPayload() == null ? OptionalLong.empty() : OptionalLong.of(result.getPayload());
    }
}
