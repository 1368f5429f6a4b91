package io.skiff.kubelet.pods;

import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.workqueue.RateLimiters;
import io.skiff.component.workqueue.WorkQueue;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker per pod (Kubernetes' podWorkers): a pod's syncs run one at a time, in order, while
 * different pods sync in parallel, each on a thread of its own for as long as its sync takes (a
 * termination may wait out a 30 s grace period without holding anyone else up). Pods are queued by
 * UID on a {@link WorkQueue}, which never hands out a UID still being synced and folds repeated
 * requests into one; a sync that throws is retried with back-off, one that asks for it comes back
 * after its delay, and every pod is synced again each sync period.
 */
public final class PodWorkers {

    private static final Logger log = LoggerFactory.getLogger(PodWorkers.class);

    private final WorkQueue<String> queue;
    private final Reconciler<String> sync;
    private final Supplier<Set<String>> knownPods;
    private final Duration syncPeriod;
    private final ExecutorService workers;
    private final ScheduledExecutorService resync;
    private Thread dispatcher;

    /**
     * @param knownPods the UIDs synced every {@code syncPeriod}
     */
    PodWorkers(Reconciler<String> sync, Supplier<Set<String>> knownPods, Duration syncPeriod, MeterRegistry registry) {
        this.queue = WorkQueue.<String>builder("kubelet-pod-workers")
                .rateLimiter(RateLimiters.defaultControllerRateLimiter())
                .meterRegistry(registry)
                .build();
        this.sync = sync;
        this.knownPods = knownPods;
        this.syncPeriod = syncPeriod;
        this.workers = Executors.newCachedThreadPool(named("pod-worker"));
        this.resync = Executors.newSingleThreadScheduledExecutor(named("pod-resync"));
    }

    /** Asks for a sync of the pod (after any sync of it now running). */
    public void requestSync(String podUid) {
        queue.add(podUid);
    }

    synchronized void start() {
        if (dispatcher != null) {
            return;
        }
        dispatcher = named("pod-dispatcher").newThread(this::dispatch);
        dispatcher.start();
        long period = syncPeriod.toMillis();
        resync.scheduleWithFixedDelay(() -> knownPods.get().forEach(queue::add), period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        resync.shutdownNow();
        queue.shutDown();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Pod workers still busy 10 s after stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch() {
        try {
            Optional<String> next;
            while ((next = queue.get()).isPresent()) {
                String uid = next.get();
                try {
                    workers.execute(() -> work(uid));
                } catch (RuntimeException rejected) {
                    queue.done(uid);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work(String uid) {
        try {
            Result result = sync.sync(uid);
            if (result.isRequeueWithBackoff()) {
                queue.addRateLimited(uid);
            } else {
                queue.forget(uid);
                result.requeueAfter().ifPresent(delay -> queue.addAfter(uid, delay));
            }
        } catch (Exception e) {
            if (queue.numRequeues(uid) == 0) {
                log.warn("Sync of pod {} failed; retrying with back-off", uid, e);
            } else {
                log.debug("Sync of pod {} failed again: {}", uid, e.toString());
            }
            queue.addRateLimited(uid);
        } finally {
            queue.done(uid);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
