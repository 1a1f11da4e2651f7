package io.stagedoor.standalone;

import io.stagedoor.command.CommandSideApplication;
import io.stagedoor.query.QuerySideApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Both sides in one process. Without {@code spring.datasource.url} it runs its own PostgreSQL, with data kept
 * under {@code ~/.stagedoor} across restarts ({@link EmbeddedDatabaseConfiguration}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({EmbeddedDatabaseConfiguration.class, StartupBanner.class, CommandSideApplication.class,
        QuerySideApplication.class})
public class StagedoorStandalone {

    public static void main(String[] args) {
        SpringApplication.run(StagedoorStandalone.class, args);
    }
}
