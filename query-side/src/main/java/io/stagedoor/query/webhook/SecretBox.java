package io.stagedoor.query.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encrypts endpoint secrets at rest (AES-256-GCM, a fresh nonce each time, the endpoint id as associated data), so a
 * database dump alone does not reveal them. The key is a file of its own (base64 of 32 bytes), generated on first
 * start if missing — atomically, so nodes sharing a volume agree — and never logged.
 */
final class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** @throws MissingWebhookKey if no key file is configured */
    static SecretBox load(Path file) {
        if (file == null || file.toString().isBlank()) {
            throw new MissingWebhookKey();
        }
        try {
            if (!Files.exists(file) && writeIfAbsent(file)) {
                log.info("Generated a webhook secret key in {}", file);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length != 32) {
                throw new IllegalStateException("the webhook secret key " + file + " is not base64 of 32 bytes");
            }
            return new SecretBox(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the webhook secret key " + file, e);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("the webhook secret key " + file + " is not base64 of 32 bytes");
        }
    }

    byte[] seal(String secret, String endpointId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, endpointId);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a webhook secret", e);
        }
    }

    /** @throws IllegalStateException if the stored secret was sealed under another key (or for another endpoint) */
    String open(byte[] sealed, String endpointId) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, NONCE_BYTES), endpointId);
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt the secret of webhook " + endpointId
                    + ": is stagedoor.webhooks.secret-key-file the key it was stored with?");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String endpointId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(endpointId.getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    private static boolean writeIfAbsent(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Path temporary = Files.createTempFile(directory, ".webhook-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                log.debug("file system without POSIX permissions; {} keeps default permissions", file);
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
            return true;
        } catch (FileAlreadyExistsException anotherNodeWasFirst) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[key hidden]";
    }

    /** No {@code stagedoor.webhooks.secret-key-file}: the query side refuses to start (see the failure analyzer). */
    static final class MissingWebhookKey extends IllegalStateException {
        MissingWebhookKey() {
            super("stagedoor.webhooks.secret-key-file is not set");
        }
    }
}
