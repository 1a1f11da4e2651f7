package io.stagedoor.kernel.stage;

import io.stagedoor.kernel.id.PresetName;

import java.util.Objects;

/** A named set of stage permissions, copied onto a participant when added. */
public record Preset(PresetName name, StagePermissions permissions) {

    public Preset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(permissions, "permissions");
    }
}
