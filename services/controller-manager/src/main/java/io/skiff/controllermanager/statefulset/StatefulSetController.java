package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/** The StatefulSet controller's workers, run only while this controller manager leads. */
public final class StatefulSetController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its events and its queue. */
    public static final String NAME = "statefulset-controller";

    private final LeaderControllerLoop loop;

    StatefulSetController(
            SharedIndexInformer<StatefulSet> sets,
            SharedIndexInformer<Pod> pods,
            SharedIndexInformer<PersistentVolumeClaim> claims,
            SharedIndexInformer<ControllerRevision> revisions,
            StatefulSetSync sync,
            MeterRegistry registry,
            int workers) {
        this.loop = new LeaderControllerLoop(
                NAME,
                sync,
                List.of(sets, pods, claims, revisions),
                () -> sets.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        StatefulSetEventHandlers handlers =
                new StatefulSetEventHandlers(sets.lister(), loop::enqueue, loop::enqueueAfter);
        sets.addEventHandler(handlers.forStatefulSets());
        pods.addEventHandler(handlers.forPods());
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
