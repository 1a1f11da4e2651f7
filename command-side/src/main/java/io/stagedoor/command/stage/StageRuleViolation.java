package io.stagedoor.command.stage;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.StageError;

/**
 * A command was refused: it broke one of the stage's rules, or asked for what is never allowed where it stands.
 * Carries the contract's error code; no stack trace (it is not a bug). Thrown before the command applies anything.
 */
public final class StageRuleViolation extends RuntimeException {

    private final transient StageError error;

    StageRuleViolation(ErrorCode code, String detail) {
        this(new StageError(code, detail));
    }

    StageRuleViolation(StageError error) {
        super(error.detail(), null, false, false);
        this.error = error;
    }

    public StageError error() {
        return error;
    }
}
