package io.stagedoor.platform.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;

/**
 * Identity settings every node reads. The signing key and the token lifetime are the command side's
 * ({@code stagedoor.tokens.key-file}, {@code stagedoor.tokens.lifetime}).
 *
 * @param apiKeys service keys, {@code name1:secret1,name2:secret2} (env {@code STAGEDOOR_API_KEYS})
 * @param tokens  how a node without the command side verifies participant tokens
 */
@ConfigurationProperties("stagedoor")
public record IdentityProperties(String apiKeys, @DefaultValue Tokens tokens) {

    @Override
    public String toString() {
        return "IdentityProperties[apiKeys=(redacted), tokens=" + tokens + "]";
    }

    /**
     * One of the two, on a node that serves the query side without the command side (a command node verifies with
     * its own key and ignores both).
     *
     * @param jwksUri       the command side's JWKS, e.g. {@code http://command-side:8081/.well-known/jwks.json}
     * @param publicKeyFile the command side's public key, PEM ({@code -----BEGIN PUBLIC KEY-----})
     */
    public record Tokens(URI jwksUri, Path publicKeyFile) {
    }
}
