package io.stagedoor.command.engine;

import io.stagedoor.kernel.command.StageCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Routes a {@link StageCommand} to the meeting it names, with the version the caller expects (HTTP
 * {@code If-Match}) taken from the message's metadata. Keeps Axon annotations out of the shared kernel.
 */
public class StageCommandTargetResolver implements CommandTargetResolver {

    public static final String EXPECTED_VERSION = "expectedVersion";

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (!(command.getPayload() instanceof StageCommand stageCommand)) {
            throw new IllegalArgumentException("not a stage command: " + command.getPayloadType().getName());
        }
        Object expected = command.getMetaData().get(EXPECTED_VERSION);
        Long expectedVersion = expected == null ? null : ((Number) expected).longValue();
        return new VersionedAggregateIdentifier(stageCommand.meetingId().value(), expectedVersion);
    }
}
