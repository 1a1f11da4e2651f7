package io.stagedoor.standalone;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * When no API key is configured, the standalone uses a development key: generated on first start into
 * {@code <stagedoor.home>/dev-api-key} (owner-only), reused afterwards. Its location is printed at start-up; the
 * secret itself never goes to the log.
 */
public class DevelopmentApiKey implements EnvironmentPostProcessor {

    static final String SERVICE = "dev";
    static final String FILE_PROPERTY = "stagedoor.standalone.dev-api-key-file";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty("stagedoor.api-keys");
        String home = environment.getProperty("stagedoor.home");
        if ((configured != null && !configured.isBlank()) || home == null) {
            return;
        }
        Path file = Path.of(home, "dev-api-key");
        environment.getPropertySources().addFirst(new MapPropertySource("stagedoor-dev-api-key",
                Map.of("stagedoor.api-keys", SERVICE + ":" + readOrCreate(file), FILE_PROPERTY, file.toString())));
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // keep the file system's default permissions
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development API key " + file, e);
        }
    }
}
