package io.skiff.apiserver.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every committed change exactly once, in revision order, to one listener (the watch
 * cache). Changes committed by this process are handed over directly after their commit; changes
 * committed by other API servers are announced by PostgreSQL NOTIFY and then read from the change
 * log. A read of the log also happens at least every second, in case a notification is lost with a
 * dropped connection. The feed reads the log on a connection of its own, like the writer's, so that
 * after a database restart watches resume as soon as writes do, whatever the read pool is doing.
 *
 * <p>When PostgreSQL goes away, both the notification connection and the reads fail; the feed keeps
 * trying, and once the database is back it reads everything committed meanwhile from the log, so
 * the listener misses nothing. {@link #following()} tells whether the feed is in touch with the log.
 */
public final class ChangeFeed implements CommitListener, AutoCloseable {

    static final String CHANNEL = "skiff_change";

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final int READ_LIMIT = 2000;

    /** Receives the changes, in order, one call at a time. */
    public interface Listener {

        void changes(List<Change> changes);

        /** The feed fell behind the log's compaction and must start over from a fresh snapshot. */
        void fellBehind(CompactedException cause);
    }

    private final DatastoreEndpoint endpoint;
    private final ValueTransformer transformer;
    private final Listener listener;
    private final Object deliveryLock = new Object();
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread notificationThread;
    private final Thread catchUpThread;
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile boolean lastReadSucceeded;
    private long revision;
    /** The catch-up thread's connection for reading the log; null until opened or after a failure. */
    private Connection logConnection;

    public ChangeFeed(DatastoreEndpoint endpoint, Listener listener, long startRevision) {
        this(endpoint, ValueTransformer.IDENTITY, listener, startRevision);
    }

    public ChangeFeed(DatastoreEndpoint endpoint, ValueTransformer transformer, Listener listener, long startRevision) {
        this.endpoint = endpoint;
        this.transformer = transformer;
        this.listener = listener;
        this.revision = startRevision;
        this.notificationThread = new Thread(this::listen, "skiff-change-notifications");
        this.notificationThread.setDaemon(true);
        this.catchUpThread = new Thread(this::catchUpLoop, "skiff-change-feed");
        this.catchUpThread.setDaemon(true);
        notificationThread.start();
        catchUpThread.start();
    }

    /** The last revision delivered to the listener. */
    public long revision() {
        synchronized (deliveryLock) {
            return revision;
        }
    }

    /**
     * True while the feed hears of new commits: its notification connection is open and its last
     * read of the change log succeeded. False from the first failure until the database answers
     * again and the feed has read what was committed meanwhile.
     */
    public boolean following() {
        return listening && lastReadSucceeded;
    }

    /** Asks for an immediate read of the change log (a consistent read is waiting). */
    public void wake() {
        wakeUp.release();
    }

    /** Starts over from {@code startRevision}, after the listener reloaded a snapshot. */
    public void restartFrom(long startRevision) {
        synchronized (deliveryLock) {
            revision = startRevision;
        }
        wake();
    }

    @Override
    public void committed(long previousRevision, List<Change> changes) {
        synchronized (deliveryLock) {
            if (previousRevision == revision) {
                deliver(changes);
                return;
            }
        }
        // Another process committed in between: read the log so nothing is skipped.
        wake();
    }

    private void catchUpLoop() {
        while (running) {
            try {
                wakeUp.tryAcquire(1, TimeUnit.SECONDS);
                wakeUp.drainPermits();
                catchUp();
                if (!lastReadSucceeded) {
                    log.info("Change feed is reading the change log again, at revision {}", revision());
                }
                lastReadSucceeded = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (CompactedException e) {
                log.warn("Change feed fell behind compaction ({}); reloading the watch cache", e.getMessage());
                listener.fellBehind(e);
            } catch (RuntimeException e) {
                if (lastReadSucceeded) {
                    log.warn("Reading the change log failed, retrying: {}", e.toString());
                } else {
                    log.debug("Reading the change log failed again: {}", e.toString());
                }
                lastReadSucceeded = false;
                closeLogConnection();
                sleepQuietly(500);
            }
        }
        closeLogConnection();
    }

    private void catchUp() {
        while (running) {
            long from = revision();
            List<Change> changes = RegistryReader.changesAfter(logConnection(), transformer, from, READ_LIMIT);
            synchronized (deliveryLock) {
                List<Change> fresh =
                        changes.stream().filter(c -> c.revision() > revision).toList();
                if (!fresh.isEmpty()) {
                    deliver(fresh);
                }
            }
            if (changes.size() < READ_LIMIT) {
                return;
            }
        }
    }

    private Connection logConnection() {
        if (logConnection == null) {
            try {
                logConnection = endpoint.openDedicatedConnection("skiff-change-feed");
            } catch (SQLException e) {
                throw new StorageUnavailableException("change log connection failed: " + e.getMessage(), e);
            }
        }
        return logConnection;
    }

    private void closeLogConnection() {
        if (logConnection != null) {
            try {
                logConnection.close();
            } catch (SQLException ignored) {
                // The connection is discarded because it failed or the feed stops; nothing to add.
            }
            logConnection = null;
        }
    }

    private void deliver(List<Change> changes) {
        listener.changes(changes);
        revision = changes.get(changes.size() - 1).revision();
    }

    private void listen() {
        while (running) {
            try (Connection conn = endpoint.openDedicatedConnection("skiff-change-notifications")) {
                try (Statement st = conn.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = conn.unwrap(PGConnection.class);
                listening = true;
                wake();
                while (running) {
                    var notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        wake();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    if (listening) {
                        log.warn("Change notifications connection failed, reconnecting: {}", e.toString());
                    } else {
                        log.debug("Change notifications connection still failing: {}", e.toString());
                    }
                    listening = false;
                    sleepQuietly(500);
                }
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        catchUpThread.interrupt();
        notificationThread.interrupt();
    }
}
