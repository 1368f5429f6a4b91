package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ReplicaSet controller's workers, run only while this controller manager leads. Its informer
 * handlers run all along (keeping expectations current) but queue keys only while leading; each
 * start syncs every ReplicaSet once, since what happened while standing by was not queued.
 */
public final class ReplicaSetController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its events and its queue. */
    public static final String NAME = "replicaset-controller";

    private final LeaderControllerLoop loop;

    ReplicaSetController(
            SharedIndexInformer<ReplicaSet> replicaSets,
            SharedIndexInformer<Pod> pods,
            ReplicaSetSync sync,
            Expectations expectations,
            MeterRegistry registry,
            int workers) {
        this(
                NAME,
                replicaSets,
                ReplicaSetView.of(replicaSets.lister()),
                handler -> replicaSets.addEventHandler(handler),
                pods,
                sync,
                expectations,
                registry,
                workers);
    }

    /**
     * A controller of ReplicaSet-like objects of any kind.
     *
     * @param owners the informer of the managed kind, which must sync before the workers start
     * @param view that informer's objects as ReplicaSets
     * @param ownerEvents registers a ReplicaSet handler on that informer (converting as the view does)
     */
    ReplicaSetController(
            String name,
            SharedIndexInformer<?> owners,
            ReplicaSetView view,
            Consumer<ResourceEventHandler<ReplicaSet>> ownerEvents,
            SharedIndexInformer<Pod> pods,
            ReplicaSetSync sync,
            Expectations expectations,
            MeterRegistry registry,
            int workers) {
        this.loop = new LeaderControllerLoop(
                name,
                sync,
                List.of(owners, pods),
                () -> owners.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        ReplicaSetEventHandlers handlers =
                new ReplicaSetEventHandlers(view, expectations, loop::enqueue, loop::enqueueAfter);
        ownerEvents.accept(handlers.forReplicaSets());
        pods.addEventHandler(handlers.forPods());
    }

    /** Starts the workers once both caches have synced, on a thread of its own. */
    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
