package io.skiff.kubelet.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A download that gives up when the registry stops sending (containerd's
 * image_pull_progress_timeout): the HTTP client bounds the wait for headers, not for the body.
 * A watchdog closes the stream after {@code timeout} without a byte, which fails the read
 * blocked on it.
 */
final class ProgressTimeoutInputStream extends FilterInputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "image-pull-progress-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Duration timeout;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;

    ProgressTimeoutInputStream(InputStream in, Duration timeout) {
        super(in);
        this.timeout = timeout;
        long period = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        this.check = WATCHDOG.scheduleWithFixedDelay(this::checkProgress, period, period, TimeUnit.MILLISECONDS);
    }

    private void checkProgress() {
        if (System.nanoTime() - lastProgress > timeout.toNanos()) {
            stalled = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException ignored) {
                // The blocked read fails either way.
            }
        }
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            lastProgress = System.nanoTime();
            return b;
        } catch (IOException e) {
            throw stalled ? stalled() : e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            lastProgress = System.nanoTime();
            return n;
        } catch (IOException e) {
            throw stalled ? stalled() : e;
        }
    }

    private IOException stalled() {
        return new IOException("no progress in " + timeout.toSeconds() + "s: context canceled");
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
