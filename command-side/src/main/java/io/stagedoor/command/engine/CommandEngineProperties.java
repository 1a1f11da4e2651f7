package io.stagedoor.command.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Tuning of the command engine ({@code stagedoor.command.*}).
 *
 * @param commandTimeout          how long a caller waits for a command's outcome before 2015
 * @param maxConflictRetries      how often a command is run again after its batch's append lost a race with another
 *                                writer (batches lock what they write, so only a writer outside the engine can race)
 * @param cachedAggregates        meetings kept in memory (least recently used evicted)
 * @param snapshotEveryEvents     a snapshot after this many events applied to a meeting since its last load
 * @param deadlinePollingInterval how often the deadline scheduler looks for due request expiries
 * @param batchWorkers            command batches committed at once (a meeting's commands always go to the same one)
 * @param maxBatch                the most commands one batch takes
 */
@ConfigurationProperties("stagedoor.command")
public record CommandEngineProperties(@DefaultValue("2s") Duration commandTimeout,
                                      @DefaultValue("20") int maxConflictRetries,
                                      @DefaultValue("10000") long cachedAggregates,
                                      @DefaultValue("500") int snapshotEveryEvents,
                                      @DefaultValue("1s") Duration deadlinePollingInterval,
                                      @DefaultValue("4") int batchWorkers,
                                      @DefaultValue("256") int maxBatch) {
}
