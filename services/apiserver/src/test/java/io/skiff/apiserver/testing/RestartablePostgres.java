package io.skiff.apiserver.testing;

import io.skiff.apiserver.storage.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL of one test's own (never the shared {@link TestPostgres}), which the test may stop
 * and start again on the same data directory and port, as an operator restarting the database
 * would: clients keep their URL and find their data again.
 */
public final class RestartablePostgres implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    /** How PostgreSQL goes down; pg_ctl's shutdown modes. */
    public enum StopMode {
        /** Sessions are ended, open transactions rolled back, a checkpoint written: a clean stop. */
        FAST,
        /**
         * Every process quits at once without a checkpoint, as in a crash: the next start replays
         * the write-ahead log.
         */
        IMMEDIATE
    }

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgresServer server;

    private RestartablePostgres(Path dataDir, EmbeddedPostgresServer server) {
        this.dataDir = dataDir;
        this.server = server;
        this.port = server.port();
    }

    /** Starts a new PostgreSQL with its data under {@code dataDir}, on a free port. */
    public static RestartablePostgres start(Path dataDir) {
        return new RestartablePostgres(dataDir, EmbeddedPostgresServer.start(dataDir));
    }

    /** The JDBC URL of its "postgres" database; it stays the same across restarts. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public synchronized boolean running() {
        return server != null;
    }

    public synchronized void stop(StopMode mode) {
        if (server == null) {
            return;
        }
        if (mode == StopMode.IMMEDIATE) {
            quitImmediately();
        }
        try {
            // After an immediate stop the postmaster is gone; this only releases zonky's lock.
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = null;
    }

    /** Starts it again on the same data directory and port. */
    public synchronized void start() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(dataDir, port);
        }
    }

    /**
     * SIGQUIT to the postmaster, which is what {@code pg_ctl stop -m immediate} sends: every backend
     * quits at once, nothing is checkpointed. The postmaster's pid is the first line of
     * postmaster.pid.
     */
    private void quitImmediately() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Process kill = new ProcessBuilder(List.of("kill", "-QUIT", Long.toString(pid)))
                    .inheritIO()
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -QUIT " + pid + " failed");
            }
            ProcessHandle.of(pid)
                    .ifPresent(postmaster -> postmaster
                            .onExit()
                            .orTimeout(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        stop(StopMode.FAST);
    }
}
