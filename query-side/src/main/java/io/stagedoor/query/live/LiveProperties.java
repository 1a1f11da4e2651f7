package io.stagedoor.query.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Live notification limits ({@code stagedoor.live.*}).
 *
 * @param maxConnections          streams open on this node
 * @param maxConnectionsPerViewer streams one participant (or service) may hold open on one meeting
 * @param maxQueuedPerConnection  notifications a slow client may fall behind before it is disconnected
 * @param heartbeat               a keep-alive comment this often, so idle streams survive proxies
 * @param senderThreads           threads writing to clients
 * @param presenceRefresh         how often the participants streaming here are recorded as present (well under the
 *                                smallest presenceGraceSeconds, 5 s)
 */
@ConfigurationProperties("stagedoor.live")
public record LiveProperties(@DefaultValue("10000") int maxConnections,
                             @DefaultValue("5") int maxConnectionsPerViewer,
                             @DefaultValue("10000") int maxQueuedPerConnection,
                             @DefaultValue("15s") Duration heartbeat,
                             @DefaultValue("8") int senderThreads,
                             @DefaultValue("2s") Duration presenceRefresh) {
}
