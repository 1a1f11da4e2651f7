package io.stagedoor.kernel.error;

/**
 * A value that does not have the shape the contract requires (an id of the wrong form, a name too long, a
 * setting out of range). Thrown while building ids, settings and commands; the HTTP edge answers it with
 * {@link ErrorCode#MALFORMED_REQUEST}.
 */
public final class InvalidInput extends IllegalArgumentException {

    public InvalidInput(String detail) {
        super(detail);
    }
}
