package io.stagedoor.kernel.command;

import io.stagedoor.kernel.error.InvalidInput;

final class Required {

    private Required() {
    }

    static <T> T present(T value, String name) {
        if (value == null) {
            throw new InvalidInput(name + " is required");
        }
        return value;
    }
}
