package io.stagedoor.command.stage;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.StageError;

/** One invariant of the stage, with the error code a command gets when it would break it. */
interface StageRule {

    boolean isViolated();

    ErrorCode code();

    String detail();

    default void verify() {
        if (isViolated()) {
            throw new StageRuleViolation(new StageError(code(), detail()));
        }
    }
}
