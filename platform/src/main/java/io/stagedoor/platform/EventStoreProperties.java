package io.stagedoor.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How this process follows the event store ({@code stagedoor.events.*}).
 *
 * @param fetchDelay how often it looks for events other processes stored (Axon's default is a second; live
 *                   notifications and read models want far less); appends of this process wake it at once
 */
@ConfigurationProperties("stagedoor.events")
public record EventStoreProperties(@DefaultValue("25ms") Duration fetchDelay) {
}
