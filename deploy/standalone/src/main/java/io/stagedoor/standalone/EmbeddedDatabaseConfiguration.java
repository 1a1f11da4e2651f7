package io.stagedoor.standalone;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;

/**
 * Runs a PostgreSQL of its own (real PostgreSQL binaries, from Maven Central) when no database is configured,
 * keeping its data in {@code stagedoor.embedded-database.directory} (default {@code ~/.stagedoor/postgres}) so a
 * restart finds every meeting again, also after a crash ({@link EmbeddedDatabase}). Durable: {@code fsync} and
 * {@code synchronous_commit} stay on. Configure {@code spring.datasource.url} to use an external PostgreSQL
 * instead; then nothing is started.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(EmbeddedDatabaseProperties properties) throws IOException {
        EmbeddedDatabase database = EmbeddedDatabase.start(properties.directory(), properties.port());
        log.info("Embedded PostgreSQL on port {} with data in {}", database.port(), properties.directory());
        return database;
    }

    /**
     * The pool, configured by {@code spring.datasource.hikari.*} like Boot's own (bound after it is built here). Not
     * started here: it opens on first use, after DatabaseSessionLimits has bounded its sessions.
     */
    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedDatabase database) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(20);
        pool.setPoolName("stagedoor-embedded");
        return pool;
    }
}
