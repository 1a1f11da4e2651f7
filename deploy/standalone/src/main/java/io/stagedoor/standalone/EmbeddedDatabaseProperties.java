package io.stagedoor.standalone;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The standalone's own PostgreSQL ({@code stagedoor.embedded-database.*}).
 *
 * @param directory where its data is kept (by default {@code <stagedoor.home>/postgres})
 * @param port      the port it listens on, on loopback; 0 for any free one
 */
@ConfigurationProperties("stagedoor.embedded-database")
record EmbeddedDatabaseProperties(Path directory, @DefaultValue("0") int port) {
}
