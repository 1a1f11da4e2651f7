package io.stagedoor.command.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key that signs participant tokens (RS256), held by the command side only. Read from a PEM file (PKCS#8), or
 * generated on first start and written there (owner-only permissions) so tokens outlive restarts; without a file
 * configured, an in-memory key is generated and tokens end with the process. Its public half is published as a JWKS,
 * which query nodes verify tokens with.
 */
public final class TokenKeys {

    private static final Logger log = LoggerFactory.getLogger(TokenKeys.class);

    private final RSAKey jwk;

    private TokenKeys(RSAPublicKey publicKey, RSAPrivateCrtKey privateKey) throws JOSEException {
        this.jwk = new RSAKey.Builder(publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE)
                                                .algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint().build();
    }

    public static TokenKeys load(Path file) {
        try {
            if (file == null) {
                log.warn("No stagedoor.tokens.key-file configured: participant tokens are signed with a key that "
                        + "lives only as long as this process");
                return fromKeyPair(generate());
            }
            if (!Files.exists(file) && writeIfAbsent(file, (RSAPrivateCrtKey) generate().getPrivate())) {
                log.info("Generated a token signing key in {}", file);
            }
            return fromPrivateKey(read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the token signing key " + file, e);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("the token signing key " + file + " is not a PKCS#8 RSA key", e);
        }
    }

    /** The signing key, private half included: for the token issuer only. */
    public RSAKey signingKey() {
        return jwk;
    }

    public RSAPublicKey publicKey() {
        try {
            return jwk.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code /.well-known/jwks.json} publishes: the public half only. */
    public JWKSet publicJwks() {
        return new JWKSet(jwk.toPublicJWK());
    }

    private static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static TokenKeys fromKeyPair(KeyPair pair) throws JOSEException {
        return new TokenKeys((RSAPublicKey) pair.getPublic(), (RSAPrivateCrtKey) pair.getPrivate());
    }

    private static TokenKeys fromPrivateKey(RSAPrivateCrtKey privateKey) throws GeneralSecurityException, JOSEException {
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        return new TokenKeys(publicKey, privateKey);
    }

    private static RSAPrivateCrtKey read(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII)
                          .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                          .replaceAll("\\s", "");
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                                            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    /**
     * Writes the key unless the file exists by then. Nodes starting together on a shared volume each try; the file
     * appears atomically (a hard link to a complete temporary file), exactly one wins, and all then read the winner.
     */
    private static boolean writeIfAbsent(Path file, RSAPrivateCrtKey privateKey) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path temporary = Files.createTempFile(directory, ".token-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                log.debug("file system without POSIX permissions; {} keeps default permissions", file);
            }
            Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
            return true;
        } catch (FileAlreadyExistsException anotherNodeWasFirst) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
