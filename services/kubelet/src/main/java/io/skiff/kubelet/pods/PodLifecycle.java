package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.controller.ControllerRunner;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.kubelet.status.PodStatusManager;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the kubelet's pod machinery: the informer's changes feed the desired pods and ask their
 * workers for a sync; the PLEG relists the runtime every second; the status writer runs, and
 * statuses not yet written are retried every sync period.
 */
public final class PodLifecycle implements SmartLifecycle {

    static final Duration RELIST_PERIOD = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final SharedIndexInformer<Pod> pods;
    private final DesiredPods desired;
    private final PodWorkers workers;
    private final Pleg pleg;
    private final PodStatusManager statuses;
    private final ControllerRunner<String> statusWriter;
    private final Duration syncPeriod;
    private ScheduledExecutorService ticker;
    private volatile boolean running;

    PodLifecycle(
            SharedIndexInformer<Pod> pods,
            DesiredPods desired,
            PodWorkers workers,
            Pleg pleg,
            PodStatusManager statuses,
            ControllerRunner<String> statusWriter,
            Duration syncPeriod) {
        this.pods = pods;
        this.desired = desired;
        this.workers = workers;
        this.pleg = pleg;
        this.statuses = statuses;
        this.statusWriter = statusWriter;
        this.syncPeriod = syncPeriod;
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                desired.update(pod);
                workers.requestSync(pod.getMetadata().getUid());
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                desired.update(newPod);
                workers.requestSync(newPod.getMetadata().getUid());
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                desired.remove(pod);
                workers.requestSync(pod.getMetadata().getUid());
            }
        });
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
        workers.start();
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kubelet-pleg");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::relist, 0, RELIST_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(
                () -> statuses.unwritten().forEach(statusWriter.queue()::add),
                syncPeriod.toMillis(),
                syncPeriod.toMillis(),
                TimeUnit.MILLISECONDS);
        running = true;
    }

    private void relist() {
        if (!desired.synced() && pods.hasSynced()) {
            desired.markSynced();
        }
        pleg.relist();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        workers.stop();
        statusWriter.stop(STOP_TIMEOUT);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
