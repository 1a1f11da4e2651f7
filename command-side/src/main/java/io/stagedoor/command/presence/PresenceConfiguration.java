package io.stagedoor.command.presence;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.stagedoor.command.engine.CommandEngineProperties;
import io.stagedoor.platform.presence.PresenceRows;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Presence (SPEC §8 presenceGraceSeconds): whom it watches is kept by a subscribing processor in the transaction of
 * the events; a recurring task (on the deadline scheduler, one node at a time) judges them; heartbeats are recorded
 * in the shared {@code participant_presence} table, as query nodes record live streams.
 */
@Configuration(proxyBeanMethods = false)
class PresenceConfiguration {

    @Bean
    PresenceWatch presenceWatch(JdbcTemplate jdbc) {
        return new PresenceWatch(new WatchRows(jdbc));
    }

    @Bean
    ConfigurerModule presenceWatchInTheCommandsTransaction() {
        return configurer -> configurer.eventProcessing().registerSubscribingEventProcessor(PresenceWatch.PROCESSING_GROUP);
    }

    @Bean
    RecurringTask<Void> absentParticipants(JdbcTemplate jdbc, CommandGateway commands, CommandEngineProperties properties) {
        AbsentParticipants absent = new AbsentParticipants(new WatchRows(jdbc), commands);
        return Tasks.recurring("stage-presence", FixedDelay.of(properties.deadlinePollingInterval()))
                    .execute((instance, context) -> absent.judge());
    }

    @Bean
    PresenceRows presenceRows(JdbcTemplate jdbc) {
        return new PresenceRows(jdbc);
    }
}
