package io.stagedoor.query.feed;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

/**
 * "Something new for integrations": new feed events, new or re-enabled webhook deliveries. Raised in this process
 * after the writing transaction committed ({@link #signal()}) and, for other processes, by a PostgreSQL
 * {@code NOTIFY} sent inside that transaction ({@link #notifyOthers}), which PostgreSQL delivers on commit. Listeners
 * (live feed streams, the delivery worker) then read the tables; they also look on their own every so often, so a
 * lost notification only delays them.
 */
public final class IntegrationSignal implements SmartLifecycle {

    static final String CHANNEL = "stagedoor_integrations";
    private static final Logger log = LoggerFactory.getLogger(IntegrationSignal.class);

    private final DataSource dataSource;
    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
    private volatile boolean running;
    private Thread listener;

    public IntegrationSignal(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param listener called on every signal; must return at once (wake a thread, do not work) */
    public void subscribe(Runnable listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Runnable listener) {
        listeners.remove(listener);
    }

    /** Wakes this process's listeners. */
    public void signal() {
        listeners.forEach(Runnable::run);
    }

    /** Inside a writing transaction: wakes the listeners of every process once it commits. */
    public static void notifyOthers(JdbcTemplate jdbc, long payload) {
        jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, CHANNEL, String.valueOf(payload));
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "integration-signal");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        signal();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Lost the integrations notification channel ({}); reconnecting", e.getMessage());
                    pause();
                    signal();
                }
            }
        }
    }

    private static void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
