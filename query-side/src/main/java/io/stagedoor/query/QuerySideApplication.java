package io.stagedoor.query;

import io.stagedoor.platform.schema.SchemaMigrations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The query side on its own: read models, queries, live notifications, the change feed and webhooks, fed by the stored
 * events.
 */
@SpringBootApplication
public class QuerySideApplication {

    /**
     * The query side's own tables: the read models {@code rm_meeting}, {@code rm_participant}, {@code rm_history}; the
     * change feed {@code feed_event}; the webhooks {@code webhook_endpoint}, {@code webhook_delivery}.
     */
    public static final SchemaMigrations SCHEMA =
            new SchemaMigrations("query", "classpath:db/query", "schema_history_query");

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }

    @Bean
    SchemaMigrations querySchema() {
        return SCHEMA;
    }
}
