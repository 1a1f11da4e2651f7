package io.stagedoor.command;

import io.stagedoor.platform.schema.SchemaMigrations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The command side on its own: the stage engine (and, with the HTTP API, its command endpoints). */
@SpringBootApplication
public class CommandSideApplication {

    /**
     * The command side's own tables: the stage's deadlines ({@code stage_deadline}, fired through db-scheduler's
     * {@code scheduled_tasks}), {@code idempotency_key}, {@code preset}.
     */
    public static final SchemaMigrations SCHEMA =
            new SchemaMigrations("command", "classpath:db/command", "schema_history_command");

    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }

    @Bean
    SchemaMigrations commandSchema() {
        return SCHEMA;
    }
}
