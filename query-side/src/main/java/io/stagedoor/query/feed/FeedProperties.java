package io.stagedoor.query.feed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Change feed limits ({@code stagedoor.feed.*}).
 *
 * @param maxStreams live feed streams open on this node
 * @param heartbeat  a keep-alive comment this often on an idle live stream, so it survives proxies
 */
@ConfigurationProperties("stagedoor.feed")
public record FeedProperties(@DefaultValue("100") int maxStreams,
                             @DefaultValue("15s") Duration heartbeat) {
}
