package io.stagedoor.platform;

import io.stagedoor.platform.identity.IdentityConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Credentials every Stagedoor application checks: API keys, and participant tokens verified with the command side's
 * public key. Runs after the applications' own configuration, so a command side in the process provides the verifier.
 */
@AutoConfiguration
@Import(IdentityConfiguration.class)
public class IdentityAutoConfiguration {
}
