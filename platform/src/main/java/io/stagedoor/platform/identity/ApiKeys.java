package io.stagedoor.platform.identity;

import io.stagedoor.kernel.id.Actor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The services allowed to call, from {@code STAGEDOOR_API_KEYS=name1:secret1,name2:secret2}. Only digests of
 * the secrets are kept; a presented key is compared against every one in constant time, so timing reveals
 * neither a secret nor which service it belongs to. Secrets are never logged.
 */
public final class ApiKeys {

    static final int MIN_SECRET_LENGTH = 16;

    private final Map<String, byte[]> digestsByService;

    private ApiKeys(Map<String, byte[]> digestsByService) {
        this.digestsByService = digestsByService;
    }

    /**
     * @param configured {@code name:secret} pairs separated by commas; blank for none
     * @throws IllegalArgumentException naming the offending entry's position, never its secret
     */
    public static ApiKeys parse(String configured) {
        Map<String, byte[]> digests = new LinkedHashMap<>();
        if (configured == null || configured.isBlank()) {
            return new ApiKeys(digests);
        }
        String[] entries = configured.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("API key entry " + (i + 1) + " is not of the form name:secret");
            }
            String name = entry.substring(0, colon);
            String secret = entry.substring(colon + 1);
            Actor.Service service = Actor.service(name);
            if (service.equals(Actor.ENGINE)) {
                throw new IllegalArgumentException("API key name '" + name + "' is reserved for the engine itself");
            }
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("the secret of API key '" + name + "' is shorter than "
                        + MIN_SECRET_LENGTH + " characters");
            }
            if (digests.put(name, digest(secret)) != null) {
                throw new IllegalArgumentException("API key name '" + name + "' is configured twice");
            }
        }
        return new ApiKeys(digests);
    }

    public boolean isEmpty() {
        return digestsByService.isEmpty();
    }

    /** The service whose key this is; every configured key is compared, in constant time. */
    public Optional<String> serviceFor(String presented) {
        byte[] candidate = digest(presented);
        String match = null;
        for (Map.Entry<String, byte[]> entry : digestsByService.entrySet()) {
            if (MessageDigest.isEqual(candidate, entry.getValue())) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
