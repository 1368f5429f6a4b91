package io.skiff.proxy.runner;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one function on its own thread no more often than a minimum interval allows and at least
 * once per maximum interval, as kube-proxy's BoundedFrequencyRunner: {@link #run} asks for a run
 * and returns at once; requests that arrive while a run is pending or too soon coalesce into one
 * run. The rate is a token bucket holding {@code burstRuns} tokens that refills one token per
 * minimum interval, so a quiet runner reacts to a change at once and a busy one settles at one run
 * per interval.
 */
public final class BoundedFrequencyRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoundedFrequencyRunner.class);

    private final String name;
    private final Runnable function;
    private final long minIntervalNanos;
    private final long maxIntervalNanos;
    private final int burstRuns;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Thread thread;
    private boolean closed;
    private boolean requested;
    private long nextPeriodicRun;
    private long retryAt = Long.MAX_VALUE;
    private double tokens;
    private long lastRefill;

    public BoundedFrequencyRunner(
            String name, Runnable function, Duration minInterval, Duration maxInterval, int burstRuns) {
        if (minInterval.compareTo(maxInterval) > 0) {
            throw new IllegalArgumentException(
                    name + ": min interval " + minInterval + " exceeds max interval " + maxInterval);
        }
        if (burstRuns < 1) {
            throw new IllegalArgumentException(name + ": burst runs must be at least 1");
        }
        this.name = name;
        this.function = function;
        this.minIntervalNanos = minInterval.toNanos();
        this.maxIntervalNanos = maxInterval.toNanos();
        this.burstRuns = burstRuns;
    }

    /** Starts the loop; the first periodic run comes one maximum interval from now. */
    public void start() {
        lock.lock();
        try {
            if (thread != null) {
                return;
            }
            long now = System.nanoTime();
            tokens = burstRuns;
            lastRefill = now;
            nextPeriodicRun = now + maxIntervalNanos;
            thread = new Thread(this::loop, name);
            thread.setDaemon(true);
            thread.start();
        } finally {
            lock.unlock();
        }
    }

    /** Asks for a run as soon as the rate allows. */
    public void run() {
        lock.lock();
        try {
            requested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Asks for a run no later than {@code interval} from now (after a failed run). */
    public void retryAfter(Duration interval) {
        lock.lock();
        try {
            retryAt = Math.min(retryAt, System.nanoTime() + interval.toNanos());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            running = thread;
        } finally {
            lock.unlock();
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                refill(now);
                boolean due =
                        requested || now - nextPeriodicRun >= 0 || (retryAt != Long.MAX_VALUE && now - retryAt >= 0);
                long waitNanos;
                if (due && tokens >= 1) {
                    tokens -= 1;
                    requested = false;
                    retryAt = Long.MAX_VALUE;
                    lock.unlock();
                    try {
                        runOnce();
                    } finally {
                        lock.lock();
                    }
                    nextPeriodicRun = System.nanoTime() + maxIntervalNanos;
                    continue;
                } else if (due) {
                    waitNanos = (long) Math.ceil((1 - tokens) * minIntervalNanos);
                } else {
                    long until = nextPeriodicRun;
                    if (retryAt != Long.MAX_VALUE && retryAt - until < 0) {
                        until = retryAt;
                    }
                    waitNanos = until - now;
                }
                try {
                    changed.awaitNanos(Math.max(waitNanos, 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void refill(long now) {
        if (minIntervalNanos == 0) {
            tokens = burstRuns;
            return;
        }
        tokens = Math.min(burstRuns, tokens + (double) (now - lastRefill) / minIntervalNanos);
        lastRefill = now;
    }

    private void runOnce() {
        try {
            function.run();
        } catch (RuntimeException e) {
            log.error("{}: run failed", name, e);
        }
    }
}
