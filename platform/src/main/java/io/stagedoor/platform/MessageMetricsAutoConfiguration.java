package io.stagedoor.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.stagedoor.platform.operations.FailureOutcomes;
import io.stagedoor.platform.operations.MessageTimer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;


/**
 * What operators read about Axon's messages, at the least cost on the path of every command and event (Axon's own
 * metrics module is switched off in {@code stagedoor-defaults.properties}): commands by type and outcome
 * ({@code stagedoor.commands}: rate and latency histogram; {@code outcome} is {@code success}, {@code refused} where
 * the command side tells a refusal from a fault, or {@code failure}), events each processor handled ({@code stagedoor.events}),
 * and each processor's lag behind the event store ({@code eventProcessor.latency}, Axon's gauge).
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class MessageMetricsAutoConfiguration {

    @Bean
    ConfigurerModule messageMetrics(MeterRegistry registry, ObjectProvider<FailureOutcomes> commandFailures) {
        return configurer -> {
            configurer.configureMessageMonitor(CommandBus.class, (configuration, type, name) ->
                    new MessageTimer(registry, "stagedoor.commands", null, name,
                            commandFailures.getIfUnique(() -> FailureOutcomes.ALL_FAILURES)));
            configurer.configureMessageMonitor(EventProcessor.class, (configuration, type, name) ->
                    anyMessage(new MultiMessageMonitor<EventMessage<?>>(
                            EventProcessorLatencyMonitor.builder().meterNamePrefix("eventProcessor").meterRegistry(registry)
                                                        .tagsBuilder(message -> Tags.of("eventProcessor", name)).build(),
                            new MessageTimer(registry, "stagedoor.events", "processor", name,
                                    FailureOutcomes.ALL_FAILURES))));
        };
    }

    /** An event processor's monitor, as Axon's factory types it (it is only ever given event messages). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static MessageMonitor<Message<?>> anyMessage(MessageMonitor<EventMessage<?>> monitor) {
        return (MessageMonitor) monitor;
    }
}
