package io.stagedoor.command.preset;

import io.stagedoor.kernel.command.DefinePreset;
import io.stagedoor.kernel.command.PresetOutcome;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.event.PresetDefined;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.kernel.stage.StagePermissions;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.temporal.ChronoUnit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A preset defined through the API, with its history of definitions. Its aggregate id is
 * {@code preset/<name>}: '/' never occurs in a meeting id, so presets and meetings never share a stream.
 */
public class PresetDefinition {

    @AggregateIdentifier
    private String id;
    private StagePermissions permissions;

    PresetDefinition() {
        // for Axon
    }

    public static String aggregateIdOf(PresetName name) {
        return "preset/" + name.value();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    PresetOutcome handle(DefinePreset command) {
        if (BuiltInPresets.find(command.name()).isPresent()) {
            throw new InvalidInput("'" + command.name() + "' is a built-in preset and cannot be redefined");
        }
        boolean changed = !command.permissions().equals(permissions);
        if (changed) {
            apply(new PresetDefined(command.name(), command.permissions(), command.actor(),
                    GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        }
        return new PresetOutcome(new Preset(command.name(), permissions), AggregateLifecycle.getVersion(), changed);
    }

    @EventSourcingHandler
    void on(PresetDefined event) {
        id = aggregateIdOf(event.name());
        permissions = event.permissions();
    }
}
