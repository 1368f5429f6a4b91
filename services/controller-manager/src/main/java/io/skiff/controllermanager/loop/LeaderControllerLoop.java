package io.skiff.controllermanager.loop;

import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.controller.ControllerRunner;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.component.workqueue.RateLimiters;
import io.skiff.component.workqueue.WorkQueue;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running half of a controller, shared by every controller in the controller manager: a work
 * queue of keys and its workers, run only while this controller manager leads. Informer handlers
 * run all along and call {@link #enqueue}, which queues only while leading; each start waits for
 * the informers to sync, then queues every key once (what happened while standing by was not
 * queued) and starts the workers on a fresh queue.
 */
public final class LeaderControllerLoop implements LeaderWork {

    private static final Logger log = LoggerFactory.getLogger(LeaderControllerLoop.class);
    private static final Duration SYNC_POLL = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Reconciler<String> reconciler;
    private final List<SharedIndexInformer<?>> informers;
    private final Supplier<? extends Iterable<String>> initialKeys;
    private final MeterRegistry registry;
    private final int workers;
    private final Runnable beforeInitialKeys;
    private volatile WorkQueue<String> queue;
    private ControllerRunner<String> runner;
    private Thread starter;

    /**
     * @param name the controller's name (kube-controller-manager's, e.g. "replicaset-controller"),
     *     also its queue's metric name
     * @param informers the informers that must have synced before the workers start
     * @param initialKeys the keys to queue at each start (usually every object of the primary kind)
     * @param workers how many keys are reconciled at once
     */
    public LeaderControllerLoop(
            String name,
            Reconciler<String> reconciler,
            List<SharedIndexInformer<?>> informers,
            Supplier<? extends Iterable<String>> initialKeys,
            MeterRegistry registry,
            int workers) {
        this(name, reconciler, informers, initialKeys, registry, workers, () -> {});
    }

    /**
     * A loop that also runs {@code beforeInitialKeys} at each start, once the informers synced and
     * before any key is queued: where a controller rebuilds in-memory state from the caches (the
     * CIDRs nodes hold, the health it last observed) that another leader may have changed meanwhile.
     */
    public LeaderControllerLoop(
            String name,
            Reconciler<String> reconciler,
            List<SharedIndexInformer<?>> informers,
            Supplier<? extends Iterable<String>> initialKeys,
            MeterRegistry registry,
            int workers,
            Runnable beforeInitialKeys) {
        this.name = name;
        this.reconciler = reconciler;
        this.informers = List.copyOf(informers);
        this.initialKeys = initialKeys;
        this.registry = registry;
        this.workers = workers;
        this.beforeInitialKeys = beforeInitialKeys;
    }

    /** Starts the workers once every informer has synced, on a thread of its own. */
    @Override
    public synchronized void start() {
        if (runner != null || starter != null) {
            return;
        }
        WorkQueue<String> fresh = WorkQueue.<String>builder(name)
                .rateLimiter(RateLimiters.defaultControllerRateLimiter())
                .meterRegistry(registry)
                .build();
        starter = new Thread(() -> awaitSyncAndRun(fresh), name + "-start");
        starter.setDaemon(true);
        starter.start();
    }

    @Override
    public void stop() {
        Thread waiting;
        ControllerRunner<String> running;
        synchronized (this) {
            waiting = starter;
            running = runner;
            starter = null;
            runner = null;
            queue = null;
        }
        if (waiting != null) {
            waiting.interrupt();
            try {
                waiting.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (running != null) {
            running.stop(STOP_TIMEOUT);
        }
    }

    /** Queues {@code key} if the workers run; a no-op while standing by. */
    public void enqueue(String key) {
        WorkQueue<String> current = queue;
        if (current != null) {
            current.add(key);
        }
    }

    /** Queues {@code key} after {@code delay} if the workers run. */
    public void enqueueAfter(String key, Duration delay) {
        WorkQueue<String> current = queue;
        if (current != null) {
            current.addAfter(key, delay);
        }
    }

    /** Queues {@code key} after its rate limiter's back-off if the workers run. */
    public void enqueueRateLimited(String key) {
        WorkQueue<String> current = queue;
        if (current != null) {
            current.addRateLimited(key);
        }
    }

    /** Whether the workers run (this controller manager leads and the caches synced). */
    public boolean running() {
        return queue != null;
    }

    private void awaitSyncAndRun(WorkQueue<String> fresh) {
        while (!informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
            try {
                Thread.sleep(SYNC_POLL.toMillis());
            } catch (InterruptedException e) {
                fresh.shutDown();
                return;
            }
        }
        synchronized (this) {
            if (starter != Thread.currentThread()) {
                fresh.shutDown();
                return;
            }
            starter = null;
            beforeInitialKeys.run();
            queue = fresh;
            initialKeys.get().forEach(fresh::add);
            runner = new ControllerRunner<>(name, fresh, reconciler, workers);
            runner.start();
        }
        log.info("{}: caches synced; running {} workers", name, workers);
    }
}
