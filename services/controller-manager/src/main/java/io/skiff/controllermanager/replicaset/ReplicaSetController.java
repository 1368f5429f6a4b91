package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.controller.ControllerRunner;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.component.workqueue.RateLimiters;
import io.skiff.component.workqueue.WorkQueue;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ReplicaSet controller's workers, run only while this controller manager leads. Its informer
 * handlers run all along (keeping expectations current) but queue keys only while leading; each
 * start syncs every ReplicaSet once, since what happened while standing by was not queued.
 */
public final class ReplicaSetController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its events and its queue. */
    public static final String NAME = "replicaset-controller";

    private static final Logger log = LoggerFactory.getLogger(ReplicaSetController.class);
    private static final Duration SYNC_CHECK = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<Pod> pods;
    private final ReplicaSetSync sync;
    private final MeterRegistry registry;
    private final int workers;
    private volatile WorkQueue<String> queue;
    private ControllerRunner<String> runner;
    private Thread starter;

    ReplicaSetController(
            SharedIndexInformer<ReplicaSet> replicaSets,
            SharedIndexInformer<Pod> pods,
            ReplicaSetSync sync,
            Expectations expectations,
            MeterRegistry registry,
            int workers) {
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.sync = sync;
        this.registry = registry;
        this.workers = workers;
        ReplicaSetEventHandlers handlers =
                new ReplicaSetEventHandlers(replicaSets.lister(), expectations, this::enqueue, this::enqueueAfter);
        replicaSets.addEventHandler(handlers.forReplicaSets());
        pods.addEventHandler(handlers.forPods());
    }

    /** Starts the workers once both caches have synced, on a thread of its own. */
    @Override
    public synchronized void start() {
        if (runner != null || starter != null) {
            return;
        }
        WorkQueue<String> fresh = WorkQueue.<String>builder(NAME)
                .rateLimiter(RateLimiters.defaultControllerRateLimiter())
                .meterRegistry(registry)
                .build();
        starter = new Thread(() -> awaitSyncAndRun(fresh), NAME + "-start");
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

    private void awaitSyncAndRun(WorkQueue<String> fresh) {
        while (!(replicaSets.hasSynced() && pods.hasSynced())) {
            try {
                Thread.sleep(SYNC_CHECK.toMillis() / 10);
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
            queue = fresh;
            replicaSets.lister().list(LabelSelector.everything()).stream()
                    .map(ObjectKeys::keyOf)
                    .forEach(fresh::add);
            runner = new ControllerRunner<>(NAME, fresh, sync, workers);
            runner.start();
        }
        log.info("{}: caches synced; syncing ReplicaSets with {} workers", NAME, workers);
    }

    private void enqueue(String key) {
        WorkQueue<String> current = queue;
        if (current != null) {
            current.add(key);
        }
    }

    private void enqueueAfter(String key, Duration delay) {
        WorkQueue<String> current = queue;
        if (current != null) {
            current.addAfter(key, delay);
        }
    }
}
