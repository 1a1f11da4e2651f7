package io.stagedoor.command.engine;

import io.stagedoor.kernel.error.InvalidInput;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An {@code Idempotency-Key} as the engine keeps it: whose it is ({@code scope}, the caller), the key, and a
 * fingerprint of the request it first came with.
 */
public record IdempotencyKey(String scope, String key, String fingerprint) {

    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidInput("Idempotency-Key must be 1-" + MAX_LENGTH + " visible ASCII characters");
        }
    }

    /** A key whose fingerprint is the SHA-256 of the request's description. */
    public static IdempotencyKey of(String scope, String key, String request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
            return new IdempotencyKey(scope, key, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
