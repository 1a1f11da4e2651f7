package io.stagedoor.command.engine;

import io.stagedoor.command.stage.Stage;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.platform.web.RequestRefused;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Answers the few questions the command side asks its own write model outside a command (is this user a
 * participant, before issuing a token). Everything else is read from the query side's read models.
 */
public class StageReader {

    private final Configuration axon;

    StageReader(Configuration axon) {
        this.axon = axon;
    }

    /** @throws RequestRefused 2007 if the meeting does not exist */
    public boolean isParticipant(MeetingId meetingId, UserId userId) {
        ResultMessage<Boolean> result = DefaultUnitOfWork.startAndGet(null).executeWithResult(
                () -> axon.repository(Stage.class).load(meetingId.value()).invoke(stage -> stage.isParticipant(userId)));
        if (result.isExceptional() && result.exceptionResult() instanceof AggregateNotFoundException) {
            throw new RequestRefused(ErrorCode.MEETING_NOT_FOUND, "meeting '" + meetingId + "' does not exist");
        }
        if (result.isExceptional()) {
            throw new IllegalStateException("could not read meeting " + meetingId, result.exceptionResult());
        }
        return result.getPayload();
    }
}
