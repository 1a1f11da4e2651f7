package io.stagedoor.standalone;

import io.stagedoor.command.CommandSideApplication;
import io.stagedoor.command.engine.StageCommandGateway;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.platform.schema.SchemaMigrations;
import io.stagedoor.platform.schema.SchemaMigrator;
import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each side creates only the tables it uses (platform's shared ones and its own); the other side then starts on the
 * same database, whichever came first, and sides starting at the same moment do not trip over each other.
 */
class SchemaOwnershipTest {

    private static final List<String> SHARED = List.of("dead_letter_entry", "domain_event_entry",
            "schema_history_shared", "snapshot_event_entry", "token_entry", "participant_presence");
    private static final List<String> COMMAND = List.of("idempotency_key", "preset", "scheduled_tasks",
            "schema_history_command", "stage_deadline", "presence_watch", "presence_grace", "presence_judge");
    private static final List<String> QUERY = List.of("rm_history", "rm_meeting", "rm_participant",
            "feed_event", "webhook_endpoint", "webhook_delivery", "schema_history_query");

    @Test
    void theCommandSideCreatesNoReadModelsAndTheQuerySideThenProjectsItsEvents() throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        try (ConfigurableApplicationContext command = TestApplication.start(CommandSideApplication.class, database)) {
            assertThat(SchemaCatalog.tables(database)).containsExactlyInAnyOrderElementsOf(concat(SHARED, COMMAND));
            assertCreatedAfterTheSchema(command, JdbcTemplate.class, EventStorageEngine.class, TokenStore.class);
            command.getBean(StageCommandGateway.class).send(new CreateMeeting(MeetingId.of("first"),
                    new MeetingSettings("Command side first", null, null), Actor.service("test")));

            try (ConfigurableApplicationContext query = TestApplication.start(QuerySideApplication.class, database)) {
                assertThat(SchemaCatalog.tables(database))
                        .containsExactlyInAnyOrderElementsOf(concat(SHARED, COMMAND, QUERY));
                JdbcTemplate jdbc = query.getBean(JdbcTemplate.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                        "SELECT title FROM rm_meeting WHERE meeting_id = 'first'", String.class),
                        titles -> titles.equals(List.of("Command side first")));
            }
        }
    }

    @Test
    void theQuerySideCreatesNoCommandTablesAndTheCommandSideThenStarts() throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        try (ConfigurableApplicationContext query = TestApplication.start(QuerySideApplication.class, database)) {
            assertThat(SchemaCatalog.tables(database)).containsExactlyInAnyOrderElementsOf(concat(SHARED, QUERY));

            try (ConfigurableApplicationContext command = TestApplication.start(CommandSideApplication.class, database)) {
                assertThat(SchemaCatalog.tables(database))
                        .containsExactlyInAnyOrderElementsOf(concat(SHARED, COMMAND, QUERY));
                command.getBean(StageCommandGateway.class).send(new CreateMeeting(MeetingId.of("second"),
                        new MeetingSettings("Query side first", null, null), Actor.service("test")));
                JdbcTemplate jdbc = query.getBean(JdbcTemplate.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                        "SELECT title FROM rm_meeting WHERE meeting_id = 'second'", String.class),
                        titles -> titles.equals(List.of("Query side first")));
            }
        }
    }

    /** Two command and two query nodes migrating an empty database at the same moment, a few times over. */
    @Test
    void sidesMigratingAnEmptyDatabaseTogetherAllSucceed() throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                TestDatabase.Credentials database = TestDatabase.fresh();
                DataSource dataSource = SchemaCatalog.dataSource(database);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> migrations = new ArrayList<>();
                for (SchemaMigrations side : List.of(CommandSideApplication.SCHEMA, QuerySideApplication.SCHEMA,
                        CommandSideApplication.SCHEMA, QuerySideApplication.SCHEMA)) {
                    SchemaMigrator node = new SchemaMigrator(dataSource, List.of(side));
                    migrations.add(nodes.submit(() -> {
                        start.await();
                        node.migrate();
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> migration : migrations) {
                    migration.get();
                }
                assertThat(SchemaCatalog.tables(database))
                        .containsExactlyInAnyOrderElementsOf(concat(SHARED, COMMAND, QUERY));
                assertThat(new SchemaMigrator(dataSource, List.of(CommandSideApplication.SCHEMA,
                        QuerySideApplication.SCHEMA)).pending()).isEmpty();
            }
        } finally {
            nodes.shutdownNow();
        }
    }

    /** Spring Boot's database-initialization ordering: these beans are created only once the schema is migrated. */
    private static void assertCreatedAfterTheSchema(ConfigurableApplicationContext context, Class<?>... types) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        for (Class<?> type : types) {
            assertThat(beans.getBeanNamesForType(type)).isNotEmpty().allSatisfy(name ->
                    assertThat(beans.getBeanDefinition(name).getDependsOn()).as(name).contains("schemaMigrator"));
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... tables) {
        return Stream.of(tables).flatMap(List::stream).toList();
    }
}
