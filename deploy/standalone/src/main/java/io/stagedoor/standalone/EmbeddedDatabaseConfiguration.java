package io.stagedoor.standalone;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a PostgreSQL of its own (real PostgreSQL binaries, from Maven Central) when no database is configured,
 * keeping its data in {@code stagedoor.embedded-database.directory} (default {@code ~/.stagedoor/postgres}) so a
 * restart finds every meeting again. Durable: {@code fsync} and {@code synchronous_commit} stay on. Configure
 * {@code spring.datasource.url} to use an external PostgreSQL instead; then nothing is started.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            @Value("${stagedoor.embedded-database.directory:${user.home}/.stagedoor/postgres}") Path directory,
            @Value("${stagedoor.embedded-database.port:0}") int port) throws IOException {
        Files.createDirectories(directory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                                                           .setDataDirectory(directory)
                                                           .setCleanDataDirectory(false)
                                                           .setServerConfig("synchronous_commit", "on")
                                                           .setServerConfig("fsync", "on")
                                                           .setServerConfig("max_connections", "200");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), directory);
        return postgres;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres,
                          @Value("${spring.datasource.hikari.maximum-pool-size:20}") int poolSize) {
        // Not started here: the pool opens on first use, after DatabaseSessionLimits has bounded its sessions.
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(poolSize);
        pool.setPoolName("stagedoor-embedded");
        return pool;
    }
}
