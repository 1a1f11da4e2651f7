package io.stagedoor.command.stage;

import io.stagedoor.kernel.error.StageError;

/** A command broke one of the stage's rules. Carries the contract's error code; no stack trace (it is not a bug). */
public final class StageRuleViolation extends RuntimeException {

    private final transient StageError error;

    StageRuleViolation(StageError error) {
        super(error.detail(), null, false, false);
        this.error = error;
    }

    public StageError error() {
        return error;
    }
}
