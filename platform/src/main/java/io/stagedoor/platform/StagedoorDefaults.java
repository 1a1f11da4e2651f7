package io.stagedoor.platform;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Adds every {@code stagedoor-defaults.properties} on the classpath (one per module: platform, command side, query
 * side) as the lowest-precedence property sources of a Stagedoor application: Axon without Axon Server, Jackson
 * everywhere, no update check, processor tuning. Anything set by configuration, environment or command line wins.
 */
public class StagedoorDefaults implements EnvironmentPostProcessor {

    static final String NAME = "stagedoor-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:" + NAME + ".properties");
            for (int i = 0; i < files.length; i++) {
                environment.getPropertySources().addLast(new ResourcePropertySource(i == 0 ? NAME : NAME + "-" + i, files[i]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
