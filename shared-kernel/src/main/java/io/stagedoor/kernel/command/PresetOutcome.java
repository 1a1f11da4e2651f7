package io.stagedoor.kernel.command;

import io.stagedoor.kernel.stage.Preset;

/** The preset as it is after a definition; {@code changed} is false if it already was like this. */
public record PresetOutcome(Preset preset, long version, boolean changed) {
}
