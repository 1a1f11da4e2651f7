package io.stagedoor.command.engine;

import io.stagedoor.kernel.error.StageError;

/** A command the engine refused, with the contract's error code. The HTTP edge answers it as problem+json. */
public final class StageCommandRejected extends RuntimeException {

    private final transient StageError error;

    public StageCommandRejected(StageError error) {
        super(error.code() + ": " + error.detail(), null, false, false);
        this.error = error;
    }

    public StageError error() {
        return error;
    }
}
