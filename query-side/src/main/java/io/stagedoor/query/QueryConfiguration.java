package io.stagedoor.query;

import io.stagedoor.query.projection.ReadModelVersions;
import io.stagedoor.query.projection.StageReadModelProjector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;

/** The read side: its projection and read-your-writes. Processor tuning is in {@code stagedoor-defaults.properties}. */
@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    ReadModelVersions readModelVersions(JdbcTemplate jdbc, DataSource dataSource,
                                        @Value("${stagedoor.query.min-version-wait}") Duration maxWait) {
        return new ReadModelVersions(jdbc, dataSource, maxWait);
    }

    @Bean
    StageReadModelProjector stageReadModelProjector(JdbcTemplate jdbc, ReadModelVersions versions) {
        return new StageReadModelProjector(jdbc, versions);
    }
}
