package io.stagedoor.platform;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Adds {@code stagedoor-defaults.properties} as the lowest-precedence property source of every Stagedoor
 * application (command side, query side, standalone): Axon without Axon Server, Jackson everywhere, no update
 * check. Anything set by configuration, environment or command line wins.
 */
public class StagedoorDefaults implements EnvironmentPostProcessor {

    static final String NAME = "stagedoor-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        try {
            environment.getPropertySources()
                       .addLast(new ResourcePropertySource(NAME, new ClassPathResource(NAME + ".properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
