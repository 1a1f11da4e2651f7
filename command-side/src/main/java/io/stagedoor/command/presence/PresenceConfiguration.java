package io.stagedoor.command.presence;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.stagedoor.command.engine.CommandEngineProperties;
import io.stagedoor.platform.presence.PresenceRows;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Presence (SPEC §8 presenceGraceSeconds): whom it watches is kept in the transaction of the events
 * ({@link PresenceWatch}, folded by the deadlines' subscribing processor); a recurring task (on the deadline scheduler, one node at a time) judges them; heartbeats are recorded
 * in the shared {@code participant_presence} table, as query nodes record live streams.
 */
@Configuration(proxyBeanMethods = false)
class PresenceConfiguration {

    @Bean
    RecurringTask<Void> absentParticipants(JdbcTemplate jdbc, CommandGateway commands, CommandEngineProperties properties) {
        // rounds a second apart (by default), each waiting for its commands: a gap well beyond that is an outage
        AbsentParticipants absent = new AbsentParticipants(new WatchRows(jdbc), commands,
                properties.deadlinePollingInterval().multipliedBy(3).plusSeconds(10));
        return Tasks.recurring("stage-presence", FixedDelay.of(properties.deadlinePollingInterval()))
                    .execute((instance, context) -> absent.judge());
    }

    @Bean
    PresenceRows presenceRows(JdbcTemplate jdbc) {
        return new PresenceRows(jdbc);
    }
}
