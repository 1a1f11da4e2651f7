package io.stagedoor.command.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the command side signs participant tokens. Query-only nodes never see the key: they verify with its public
 * half ({@code stagedoor.tokens.jwks-uri} or {@code stagedoor.tokens.public-key-file}).
 *
 * @param keyFile  PEM (PKCS#8) RSA private key; generated there if missing; in memory if unset
 * @param lifetime how long a participant token is valid
 */
@ConfigurationProperties("stagedoor.tokens")
record TokenSigningProperties(Path keyFile, @DefaultValue("1h") Duration lifetime) {
}
