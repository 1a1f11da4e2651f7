package io.stagedoor.query.api;

import io.stagedoor.kernel.error.InvalidInput;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque pagination cursors: the position after which the next page starts, base64url-encoded. */
final class Cursor {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Cursor() {
    }

    static String encode(String position) {
        return position == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String position = StandardCharsets.UTF_8.newDecoder()
                                                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor)))
                                                    .toString();
            if (position.isEmpty() || position.length() > 200 || position.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("not a position");
            }
            return position;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidInput("cursor is not one this API handed out");
        }
    }

    static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw new InvalidInput("limit must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
