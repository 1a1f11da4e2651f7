package io.stagedoor.kernel.event;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.stage.StagePermissions;

import java.time.Instant;

/**
 * A preset was defined or replaced. Participants added later with it get these permissions; participants
 * already added keep the permissions they were given.
 */
public record PresetDefined(PresetName name, StagePermissions permissions, Actor definedBy, Instant occurredAt) {
}
