package io.stagedoor.platform;

import io.stagedoor.platform.identity.IdentityConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Credentials (API keys, token signing key) for every Stagedoor application, web or not. */
@AutoConfiguration
@Import(IdentityConfiguration.class)
public class IdentityAutoConfiguration {
}
