package io.stagedoor.command.identity;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Publishes the public half of the token signing key, so anyone can verify a participant token. */
@RestController
class JwksController {

    private final TokenKeys keys;

    JwksController(TokenKeys keys) {
        this.keys = keys;
    }

    @Operation(summary = "The public key set that verifies participant tokens (RFC 7517)",
            description = "Open to anyone: query nodes and clients verify participant tokens (RS256) with it. "
                    + "Published by command nodes only, which hold the signing key.")
    @GetMapping(path = "/.well-known/jwks.json", produces = "application/json")
    Map<String, Object> jwks() {
        return keys.publicJwks().toJSONObject();
    }
}
