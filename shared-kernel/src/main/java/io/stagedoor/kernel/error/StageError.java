package io.stagedoor.kernel.error;

import java.util.Objects;

/**
 * A business error as it crosses the command bus: a code of the contract and a human detail.
 * The HTTP edge turns it into problem+json without looking at any exception message.
 */
public record StageError(ErrorCode code, String detail) {

    public StageError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }
}
