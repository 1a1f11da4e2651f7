package io.stagedoor.command.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.stagedoor.command.engine.CommandEngineProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;

/**
 * The stage's deadlines: kept in {@code stage_deadline} by a subscribing processor (in the transaction of the events
 * that set or clear them), fired by a recurring db-scheduler task that one node of the cluster runs at a time.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    @Bean
    StageDeadlines stageDeadlines(JdbcTemplate jdbc) {
        return new StageDeadlines(new DeadlineRows(jdbc));
    }

    @Bean
    ConfigurerModule stageDeadlinesInTheCommandsTransaction() {
        return configurer -> configurer.eventProcessing().registerSubscribingEventProcessor(StageDeadlines.PROCESSING_GROUP);
    }

    @Bean
    RecurringTask<Void> dueDeadlines(JdbcTemplate jdbc, CommandGateway commands, CommandEngineProperties properties) {
        DueDeadlines due = new DueDeadlines(new DeadlineRows(jdbc), commands);
        return Tasks.recurring("stage-deadlines", FixedDelay.of(properties.deadlinePollingInterval()))
                    .execute((instance, context) -> due.fire());
    }

    /** Runs the command side's recurring tasks: due deadlines, and presence judgements. */
    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<RecurringTask<?>> tasks, CommandEngineProperties properties) {
        return Scheduler.create(dataSource)
                        .startTasks(tasks)
                        .tableName("scheduled_tasks")
                        .threads(2)
                        .pollingInterval(properties.deadlinePollingInterval())
                        .build();
    }

    /** Starts firing once everything else is up (so commands find their handlers), stops first. */
    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 1000;
            }
        };
    }
}
