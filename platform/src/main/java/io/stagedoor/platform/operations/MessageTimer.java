package io.stagedoor.platform.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How long each message a component handles takes, by message type and outcome: one timer, so one series gives the
 * rate (its count) and the latency as a histogram of fixed buckets. No percentile is computed in the process — Axon's
 * own monitors compute several on every message, with sliding windows, which costs more than the message itself on a
 * busy node; percentiles are derived from the buckets where the metrics are read.
 */
public final class MessageTimer implements MessageMonitor<Message<?>> {

    /** The buckets: from 1 ms, a command decided in a batch, to 5 s, beyond any configured timeout. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final String name;
    private final String componentTag;
    private final String component;
    private final FailureOutcomes failureOutcomes;
    private final Map<Class<?>, Map<String, Timer>> byType = new ConcurrentHashMap<>();

    /**
     * @param name         the meter's name, e.g. {@code stagedoor.commands}
     * @param componentTag the tag naming the component, e.g. {@code processor}; null for none
     * @param component    the component's name, its value
     * @param failures     the outcome a failure is counted under
     */
    public MessageTimer(MeterRegistry registry, String name, String componentTag, String component,
                        FailureOutcomes failures) {
        this.registry = registry;
        this.name = name;
        this.componentTag = componentTag;
        this.component = component;
        this.failureOutcomes = failures;
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Class<?> type = message.getPayloadType();
        long start = System.nanoTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                record(type, "success", start);
            }

            @Override
            public void reportFailure(Throwable cause) {
                record(type, failureOutcomes.of(cause), start);
            }

            @Override
            public void reportIgnored() {
                record(type, "ignored", start);
            }
        };
    }

    /** Records under the type and outcome; a timer is registered the first time one is seen. */
    private void record(Class<?> type, String outcome, long start) {
        byType.computeIfAbsent(type, t -> new ConcurrentHashMap<>())
              .computeIfAbsent(outcome, o -> timer(type, o))
              .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Class<?> payloadType, String outcome) {
        Timer.Builder timer = Timer.builder(name).tag("type", payloadType.getSimpleName()).tag("outcome", outcome)
                                   .serviceLevelObjectives(BUCKETS);
        if (componentTag != null) {
            timer.tag(componentTag, component);
        }
        return timer.register(registry);
    }
}
