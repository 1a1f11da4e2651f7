package io.stagedoor.standalone;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs a PostgreSQL of its own (real PostgreSQL binaries, from Maven Central) when no database is configured,
 * keeping its data in {@code stagedoor.embedded-database.directory} (default {@code ~/.stagedoor/postgres}) so a
 * restart finds every meeting again, also after a crash ({@link EmbeddedDatabase}). Durable: {@code fsync} and
 * {@code synchronous_commit} stay on. Configure {@code spring.datasource.url} to use an external PostgreSQL
 * instead; then nothing is started.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(
            @Value("${stagedoor.embedded-database.directory:${user.home}/.stagedoor/postgres}") Path directory,
            @Value("${stagedoor.embedded-database.port:0}") int port) throws IOException {
        EmbeddedDatabase database = EmbeddedDatabase.start(directory, port);
        log.info("Embedded PostgreSQL on port {} with data in {}", database.port(), directory);
        return database;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedDatabase database,
                          @Value("${spring.datasource.hikari.maximum-pool-size:20}") int poolSize) {
        // Not started here: the pool opens on first use, after DatabaseSessionLimits has bounded its sessions.
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(poolSize);
        pool.setPoolName("stagedoor-embedded");
        return pool;
    }
}
