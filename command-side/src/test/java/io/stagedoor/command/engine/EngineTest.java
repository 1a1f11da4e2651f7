package io.stagedoor.command.engine;

import io.stagedoor.command.CommandSideApplication;
import io.stagedoor.kernel.command.StageCommand;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command side as deployed, for a test class: a database of its own, read straight by {@link #log}, and the
 * application started (and restarted) on it by the test.
 */
abstract class EngineTest {

    static TestDatabase.Credentials database;
    static EventLog log;
    ConfigurableApplicationContext context;

    @BeforeAll
    static void freshDatabase() {
        database = TestDatabase.fresh();
        log = new EventLog(database);
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Starts the command side, stopping the running one first (a restart). */
    void start(String... properties) {
        stop();
        context = TestApplication.start(CommandSideApplication.class, database, properties);
    }

    <R> R send(StageCommand command) {
        return context.getBean(StageCommandGateway.class).send(command);
    }
}
