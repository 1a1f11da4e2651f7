package io.stagedoor.command.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Tuning of the command engine ({@code stagedoor.command.*}).
 *
 * @param commandTimeout          how long a caller waits for a command's outcome before 2015
 * @param maxConflictRetries      retries of a command whose append lost a race with another node
 * @param cachedAggregates        meetings kept in memory (least recently used evicted)
 * @param snapshotEveryEvents     a snapshot after this many events applied to a meeting since its last load
 * @param deadlinePollingInterval how often the deadline scheduler looks for due request expiries
 */
@ConfigurationProperties("stagedoor.command")
public record CommandEngineProperties(@DefaultValue("2s") Duration commandTimeout,
                                      @DefaultValue("20") int maxConflictRetries,
                                      @DefaultValue("10000") long cachedAggregates,
                                      @DefaultValue("500") int snapshotEveryEvents,
                                      @DefaultValue("1s") Duration deadlinePollingInterval) {
}
