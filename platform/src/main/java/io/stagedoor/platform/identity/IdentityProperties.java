package io.stagedoor.platform.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Identity settings.
 *
 * @param apiKeys service keys, {@code name1:secret1,name2:secret2} (env {@code STAGEDOOR_API_KEYS})
 * @param tokens  participant token signing
 */
@ConfigurationProperties("stagedoor")
public record IdentityProperties(String apiKeys, @DefaultValue Tokens tokens) {

    @Override
    public String toString() {
        return "IdentityProperties[apiKeys=(redacted), tokens=" + tokens + "]";
    }

    /**
     * @param keyFile  PEM (PKCS#8) RSA private key; generated there if missing; in memory if unset
     * @param lifetime how long a participant token is valid
     */
    public record Tokens(Path keyFile, @DefaultValue("1h") Duration lifetime) {
    }
}
