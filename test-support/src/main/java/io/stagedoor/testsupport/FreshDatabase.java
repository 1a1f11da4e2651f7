package io.stagedoor.testsupport;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a Spring test context at a new, empty database of its own
 * ({@code @ContextConfiguration(initializers = FreshDatabase.class)}). Pair it with
 * {@code @DirtiesContext} so the next test class gets a new context, and with it a new database.
 */
public class FreshDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase.Credentials database = TestDatabase.fresh();
        TestPropertyValues.of(
                "spring.datasource.url=" + database.url(),
                "spring.datasource.username=" + database.username(),
                "spring.datasource.password=" + database.password()
        ).applyTo(context);
    }
}
