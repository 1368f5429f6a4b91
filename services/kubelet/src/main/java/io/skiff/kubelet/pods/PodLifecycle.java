package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.controller.ControllerRunner;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.kubelet.staticpods.StaticPodSource;
import io.skiff.kubelet.status.PodStatusManager;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the kubelet's pod machinery: the informer's changes and the static pod source's reads feed
 * the desired pods ({@link PodConfig}) and ask their workers for a sync; the PLEG relists the runtime
 * every second; the status writer and the mirror pod sync run; statuses not yet written are retried
 * and static pods' mirrors checked every sync period.
 */
public final class PodLifecycle implements SmartLifecycle {

    static final Duration RELIST_PERIOD = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final SharedIndexInformer<Pod> pods;
    private final PodConfig config;
    private final Optional<StaticPodSource> staticPods;
    private final DesiredPods desired;
    private final PodWorkers workers;
    private final Pleg pleg;
    private final PodStatusManager statuses;
    private final ControllerRunner<String> statusWriter;
    private final ControllerRunner<String> mirrorSync;
    private final Duration syncPeriod;
    private ScheduledExecutorService ticker;
    private volatile boolean running;

    PodLifecycle(
            SharedIndexInformer<Pod> pods,
            PodConfig config,
            Optional<StaticPodSource> staticPods,
            DesiredPods desired,
            PodWorkers workers,
            Pleg pleg,
            PodStatusManager statuses,
            ControllerRunner<String> statusWriter,
            ControllerRunner<String> mirrorSync,
            Duration syncPeriod) {
        this.pods = pods;
        this.config = config;
        this.staticPods = staticPods;
        this.desired = desired;
        this.workers = workers;
        this.pleg = pleg;
        this.statuses = statuses;
        this.statusWriter = statusWriter;
        this.mirrorSync = mirrorSync;
        this.syncPeriod = syncPeriod;
        pods.addEventHandler(config.apiPods());
    }

    /** The pod workers, for a prober that wants a pod synced when a verdict changes. */
    public PodWorkers workers() {
        return workers;
    }

    /** Whether the informer of the node's pods has listed them once. */
    boolean podsSynced() {
        return pods.hasSynced();
    }

    /** How many pods bound to the node the informer holds. */
    int podCount() {
        return pods.getIndexer().size();
    }

    Pleg.Health plegHealth() {
        return pleg.health();
    }

    @Override
    public synchronized void start() {
        statusWriter.start();
        mirrorSync.start();
        workers.start();
        staticPods.ifPresent(source -> source.start(config::setStaticPods));
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kubelet-pleg");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::relist, 0, RELIST_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(
                this::resync, syncPeriod.toMillis(), syncPeriod.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    private void relist() {
        if (!desired.synced() && pods.hasSynced() && config.staticPodsKnown()) {
            desired.markSynced();
        }
        pleg.relist();
    }

    private void resync() {
        statuses.unwritten().forEach(statusWriter.queue()::add);
        config.staticPodKeys().forEach(mirrorSync.queue()::add);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        staticPods.ifPresent(StaticPodSource::close);
        workers.stop();
        mirrorSync.stop(STOP_TIMEOUT);
        statusWriter.stop(STOP_TIMEOUT);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
