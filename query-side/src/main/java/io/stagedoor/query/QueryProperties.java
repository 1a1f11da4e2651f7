package io.stagedoor.query;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The query side's reads ({@code stagedoor.query.*}).
 *
 * @param minVersionWait how long a query with {@code minVersion} waits for the read model before answering 2015
 */
@ConfigurationProperties("stagedoor.query")
record QueryProperties(@DefaultValue("5s") Duration minVersionWait) {
}
