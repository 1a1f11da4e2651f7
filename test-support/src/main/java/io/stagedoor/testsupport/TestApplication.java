package io.stagedoor.testsupport;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts a Stagedoor application against a given test database, for tests that restart it or run several. */
public final class TestApplication {

    /** The query side refuses to start without it; tests share one key file, generated on first use. */
    private static final String WEBHOOK_KEY = "stagedoor.webhooks.secret-key-file";
    private static final Path WEBHOOK_KEY_FILE = Path.of(System.getProperty("java.io.tmpdir"),
            "stagedoor-test-" + ProcessHandle.current().pid(), "webhook-secret-key");

    private TestApplication() {
    }

    /**
     * The property a query node on its own needs to start (it refuses to without a key to verify participant tokens
     * with), for tests that call it with service keys only: an RSA public key whose private half nobody holds.
     */
    public static synchronized String unusedTokenVerificationKey() {
        Path file = WEBHOOK_KEY_FILE.resolveSibling("token-verification-key.pem");
        try {
            if (!Files.exists(file)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                String encoded = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                       .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
                Files.createDirectories(file.getParent());
                Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + encoded + "\n-----END PUBLIC KEY-----\n",
                        StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return "stagedoor.tokens.public-key-file=" + file;
    }

    public static ConfigurableApplicationContext start(Class<?> application, WebApplicationType web,
                                                       TestDatabase.Credentials database, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "spring.datasource.url=" + database.url(),
                "spring.datasource.username=" + database.username(),
                "spring.datasource.password=" + database.password(),
                "spring.main.banner-mode=off"));
        if (Arrays.stream(properties).noneMatch(p -> p.startsWith(WEBHOOK_KEY + "="))) {
            all.add(WEBHOOK_KEY + "=" + WEBHOOK_KEY_FILE);
        }
        all.addAll(List.of(properties));
        // as command-line arguments: they must win over the application's own application.properties
        return new SpringApplicationBuilder(application).web(web).run(all.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    public static ConfigurableApplicationContext start(Class<?> application, TestDatabase.Credentials database,
                                                       String... properties) {
        return start(application, WebApplicationType.NONE, database, properties);
    }
}
