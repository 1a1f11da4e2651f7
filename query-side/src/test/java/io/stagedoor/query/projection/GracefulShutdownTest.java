package io.stagedoor.query.projection;

import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A query node that shuts down gracefully hands its segments back at once, instead of after the claim timeout. */
class GracefulShutdownTest {

    @Test
    void aStoppingNodeReleasesItsProcessorClaims() {
        TestDatabase.Credentials database = TestDatabase.fresh();
        JdbcTemplate jdbc;
        try (ConfigurableApplicationContext node = TestApplication.start(QuerySideApplication.class, database)) {
            jdbc = new JdbcTemplate(new DriverManagerDataSource(
                    database.url(), database.username(), database.password()));
            JdbcTemplate claims = jdbc;
            await().atMost(Duration.ofSeconds(20)).until(() -> claims.queryForObject(
                    "SELECT count(*) FROM token_entry WHERE processorName = ? AND owner IS NOT NULL", Long.class,
                    StageReadModelProjector.NAME) == 8);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processorName = ? AND owner IS NOT NULL",
                Long.class, StageReadModelProjector.NAME)).isZero();
    }
}
