package io.skiff.kubelet.prober;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One timer thread hands due probes to a pool that grows with the probes running at once: a probe
 * blocks its thread for up to its timeout (an exec, a connect), and Kubernetes gives every worker
 * its own goroutine, so no probe waits for another.
 */
final class ExecutorProbeScheduler implements ProbeScheduler, AutoCloseable {

    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService probes;

    ExecutorProbeScheduler(Clock clock) {
        this.clock = clock;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads("prober-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
        this.probes = Executors.newCachedThreadPool(threads("prober"));
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Runnable guarded = () -> {
            if (!cancelled.get()) {
                task.run();
            }
        };
        if (delay.isZero() || delay.isNegative()) {
            probes.execute(guarded);
            return () -> cancelled.set(true);
        }
        ScheduledFuture<?> future =
                timer.schedule(() -> probes.execute(guarded), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> {
            cancelled.set(true);
            future.cancel(false);
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        probes.shutdownNow();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
