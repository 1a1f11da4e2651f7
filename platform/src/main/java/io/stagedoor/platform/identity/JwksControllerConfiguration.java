package io.stagedoor.platform.identity;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers the JWKS endpoint (package-private controller). */
@Configuration(proxyBeanMethods = false)
@Import(JwksController.class)
public class JwksControllerConfiguration {
}
