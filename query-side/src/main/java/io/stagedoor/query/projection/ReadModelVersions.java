package io.stagedoor.query.projection;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.platform.AxonJdbcAutoConfiguration;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.platform.web.RequestRefused;
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
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The version each meeting's read model has reached, and waiting for it (read-your-writes, {@code minVersion}).
 * Waiting costs no polling: the projector announces what it committed — in this process directly, to every other
 * process through PostgreSQL {@code NOTIFY} sent inside the projector's transaction (so only on commit).
 */
public class ReadModelVersions implements SmartLifecycle {

    static final String CHANNEL = "stagedoor_read_model";
    private static final Logger log = LoggerFactory.getLogger(ReadModelVersions.class);

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Duration maxWait;
    private final Map<String, CopyOnWriteArrayList<Waiter>> waiters = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread listener;

    private record Waiter(long version, CompletableFuture<Void> reached) {
    }

    public ReadModelVersions(JdbcTemplate jdbc, DataSource dataSource, Duration maxWait) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.maxWait = maxWait;
    }

    /** The read model's version of the meeting; empty if the read model does not know it (yet). */
    public OptionalLong current(MeetingId meetingId) {
        return jdbc.query("SELECT version FROM rm_meeting WHERE meeting_id = ?", (row, n) -> row.getLong(1),
                       meetingId.value())
                   .stream().mapToLong(Long::longValue).findFirst();
    }

    /**
     * Returns once the meeting's read model has reached {@code version}.
     *
     * @throws RequestRefused 2015 if it does not within the configured bound; 2007 or 2011 at once if the meeting
     *                        has no such version in the event store (nothing to wait for)
     */
    public void awaitVersion(MeetingId meetingId, long version) {
        if (reached(meetingId, version)) {
            return;
        }
        refuseIfNeverStored(meetingId, version);
        Waiter waiter = new Waiter(version, new CompletableFuture<>());
        CopyOnWriteArrayList<Waiter> forMeeting = waiters.computeIfAbsent(meetingId.value(), k -> new CopyOnWriteArrayList<>());
        forMeeting.add(waiter);
        try {
            if (reached(meetingId, version)) {
                return;
            }
            waiter.reached().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RequestRefused(ErrorCode.UNAVAILABLE, "the read model of this meeting has not reached version "
                    + version + " within " + maxWait.toMillis() + " ms; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRefused(ErrorCode.UNAVAILABLE, "interrupted while waiting for the read model");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            forMeeting.remove(waiter);
        }
    }

    /** A version the event store does not hold was never acknowledged: waiting for it could only time out. */
    private void refuseIfNeverStored(MeetingId meetingId, long version) {
        Long stored = jdbc.queryForObject("SELECT max(sequenceNumber) FROM " + AxonJdbcAutoConfiguration.EVENT_TABLE
                + " WHERE aggregateIdentifier = ? AND type = ?", Long.class, meetingId.value(), StageEvent.AGGREGATE_TYPE);
        if (stored == null) {
            throw new RequestRefused(ErrorCode.MEETING_NOT_FOUND, "meeting '" + meetingId.value() + "' does not exist");
        }
        if (stored < version) {
            throw new RequestRefused(ErrorCode.MALFORMED_REQUEST, "minVersion " + version + " is beyond this meeting's "
                    + "latest version, " + stored);
        }
    }

    private boolean reached(MeetingId meetingId, long version) {
        return current(meetingId).orElse(-1) >= version;
    }

    /** The read model of the meeting now stands at {@code version}: wake whoever waited for it. */
    void announce(String meetingId, long version) {
        CopyOnWriteArrayList<Waiter> forMeeting = waiters.get(meetingId);
        if (forMeeting != null) {
            forMeeting.stream().filter(w -> w.version() <= version).forEach(w -> w.reached().complete(null));
        }
    }

    // ---- LISTEN for commits of other processes -----------------------------------------------------------

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "read-model-versions");
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
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        String payload = notification.getParameter();
                        int colon = payload.lastIndexOf(':');
                        announce(payload.substring(0, colon), Long.parseLong(payload.substring(colon + 1)));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Lost the read model notification channel ({}); reconnecting", e.getMessage());
                    pauseBeforeReconnecting();
                    // notifications may have been missed meanwhile: let every waiter re-check the database
                    waiters.forEach((meeting, list) -> list.stream()
                                                           .filter(w -> reached(MeetingId.of(meeting), w.version()))
                                                           .forEach(w -> w.reached().complete(null)));
                }
            }
        }
    }

    private static void pauseBeforeReconnecting() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
