package io.stagedoor.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP answer as the load tool keeps it: the status, the body as bytes (parsed as JSON only by a scenario that
 * needs a field of it) and whether the server closes the connection after it.
 */
record Answer(int status, byte[] body, boolean close) {

    private static final byte[] VERSION = "\"version\":".getBytes(StandardCharsets.US_ASCII);

    boolean ok() {
        return status / 100 == 2;
    }

    /**
     * The {@code version} of a command's or a read's answer, or -1 if it has none: the first {@code "version":} in the
     * body, which Stagedoor writes before any nested object (no JSON parsing on the load path).
     */
    long version() {
        int at = indexOf(body, VERSION);
        if (at < 0) {
            return -1;
        }
        int i = at + VERSION.length;
        while (i < body.length && body[i] == ' ') {
            i++;
        }
        long version = 0;
        int digits = 0;
        for (; i < body.length && body[i] >= '0' && body[i] <= '9'; i++, digits++) {
            version = version * 10 + (body[i] - '0');
        }
        return digits == 0 ? -1 : version;
    }

    JsonNode json() {
        try {
            return body.length == 0 ? Http.JSON.missingNode() : Http.JSON.readTree(body);
        } catch (IOException notJson) {
            return Http.JSON.getNodeFactory().textNode(text());
        }
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] data, byte[] wanted) {
        outer:
        for (int i = 0; i <= data.length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (data[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
