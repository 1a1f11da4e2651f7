package io.stagedoor.command.engine;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.util.List;

/**
 * The database-backed scheduler behind Axon's {@code DbSchedulerDeadlineManager} (wired by Axon's
 * auto-configuration once a {@link Scheduler} bean exists). Deadlines are scheduled through a
 * transaction-aware data source, so a request's expiry is stored in the same transaction as the request
 * event and cancelled in the same transaction as the event that answers it.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineSchedulerConfiguration {

    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks, CommandEngineProperties properties) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                        .tableName("scheduled_tasks")
                        .threads(2)
                        .pollingInterval(properties.deadlinePollingInterval())
                        .build();
    }

    /** Starts polling once everything else is up (so due deadlines find the aggregate), stops first. */
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
