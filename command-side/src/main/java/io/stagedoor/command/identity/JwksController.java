package io.stagedoor.command.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Publishes the public half of the token signing key, so anyone can verify a participant token. */
@RestController
class JwksController {

    private final TokenKeys keys;

    JwksController(TokenKeys keys) {
        this.keys = keys;
    }

    /** What the key set is, for the API description: Nimbus writes it, from {@link TokenKeys#publicJwks()}. */
    @Schema(description = "A JWK Set (RFC 7517): the public keys that verify participant tokens.")
    record JwkSet(List<Jwk> keys) {
    }

    /** The public half of the signing key: RSA, for signatures, RS256, its id the key's thumbprint. */
    @Schema(description = "An RSA public key (RFC 7517, RFC 7518 §6.3).")
    record Jwk(@Schema(description = "key type", example = "RSA") String kty,
               @Schema(description = "what the key is for: sig, signatures", example = "sig") String use,
               @Schema(description = "the signature algorithm", example = "RS256") String alg,
               @Schema(description = "the key's id, as participant tokens name it in their kid header") String kid,
               @Schema(description = "the modulus, base64url") String n,
               @Schema(description = "the public exponent, base64url", example = "AQAB") String e) {
    }

    @Operation(summary = "The public key set that verifies participant tokens (RFC 7517)",
            description = "Open to anyone: query nodes and clients verify participant tokens (RS256) with it. "
                    + "Published by command nodes only, which hold the signing key.",
            responses = @ApiResponse(responseCode = "200", description = "OK",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = JwkSet.class))))
    @GetMapping(path = "/.well-known/jwks.json", produces = "application/json")
    Map<String, Object> jwks() {
        return keys.publicJwks().toJSONObject();
    }
}
