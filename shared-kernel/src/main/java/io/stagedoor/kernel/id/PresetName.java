package io.stagedoor.kernel.id;

/** Names a preset: a named set of stage permissions copied onto a participant when added. */
public record PresetName(String value) {

    public PresetName {
        IdFormat.require("preset", value);
    }

    public static PresetName of(String value) {
        return new PresetName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
