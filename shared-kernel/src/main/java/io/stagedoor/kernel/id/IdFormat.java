package io.stagedoor.kernel.id;

import io.stagedoor.kernel.error.InvalidInput;

import java.util.regex.Pattern;

/** The id format of the contract (SPEC §4): 1–128 characters of {@code [A-Za-z0-9._:@-]}. */
final class IdFormat {

    static final int MAX_LENGTH = 128;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_LENGTH + "}");

    private IdFormat() {
    }

    static String require(String kind, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new InvalidInput(kind + " must be 1-" + MAX_LENGTH + " characters of [A-Za-z0-9._:@-]");
        }
        return value;
    }
}
