package io.stagedoor.kernel.command;

import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.stage.StagePermissions;

/** Define a preset, or replace a preset defined before (built-in presets cannot be replaced). */
public record DefinePreset(PresetName name, StagePermissions permissions, Actor actor) {

    public DefinePreset {
        Required.present(name, "name");
        Required.present(permissions, "permissions");
        Required.present(actor, "actor");
    }
}
