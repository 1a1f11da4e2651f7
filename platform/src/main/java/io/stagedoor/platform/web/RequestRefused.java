package io.stagedoor.platform.web;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.StageError;

/** A request refused with one of the contract's error codes; answered as problem+json by {@link ProblemAdvice}. */
public final class RequestRefused extends RuntimeException {

    private final transient StageError error;

    public RequestRefused(StageError error) {
        super(error.code() + ": " + error.detail(), null, false, false);
        this.error = error;
    }

    public RequestRefused(ErrorCode code, String detail) {
        this(new StageError(code, detail));
    }

    public StageError error() {
        return error;
    }
}
