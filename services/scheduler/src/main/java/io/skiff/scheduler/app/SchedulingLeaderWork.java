package io.skiff.scheduler.app;

import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.scheduler.cache.SchedulerCache;
import io.skiff.scheduler.core.SchedulingLoop;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop, run only while this scheduler leads: once the informers' caches are synced
 * it schedules one pod after another, and expires assumed pods whose binding never showed up. A
 * standby keeps its caches warm and schedules nothing.
 */
final class SchedulingLeaderWork implements LeaderWork {

    private static final Logger log = LoggerFactory.getLogger(SchedulingLeaderWork.class);
    private static final Duration POP_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SYNC_CHECK = Duration.ofSeconds(1);
    private static final long CLEANUP_PERIOD_NANOS = Duration.ofSeconds(1).toNanos();

    private final SchedulingLoop loop;
    private final SchedulerCache cache;
    private final SharedInformerFactory informers;
    private Thread thread;
    private volatile boolean running;

    SchedulingLeaderWork(SchedulingLoop loop, SchedulerCache cache, SharedInformerFactory informers) {
        this.loop = loop;
        this.cache = cache;
        this.informers = informers;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "scheduler-loop");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    private void run() {
        try {
            while (running && !informers.waitForCacheSync(SYNC_CHECK)) {
                log.info("scheduler: waiting for the pod and node caches to sync");
            }
            log.info("scheduler: leading; scheduling pods");
            long nextCleanup = System.nanoTime() + CLEANUP_PERIOD_NANOS;
            while (running) {
                try {
                    loop.scheduleOne(POP_TIMEOUT);
                } catch (RuntimeException e) {
                    // One pod's failure must not stop scheduling for all the others.
                    log.error("scheduler: a scheduling cycle failed", e);
                }
                if (System.nanoTime() - nextCleanup >= 0) {
                    cache.cleanupExpiredAssumedPods()
                            .forEach(pod -> log.warn(
                                    "scheduler: the binding of {}/{} was never confirmed; forgot it",
                                    pod.getMetadata().getNamespace(),
                                    pod.getMetadata().getName()));
                    nextCleanup = System.nanoTime() + CLEANUP_PERIOD_NANOS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("scheduler: stopped scheduling");
    }
}
