package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/** The DaemonSet controller's workers, run only while this controller manager leads. */
public final class DaemonSetController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its events and its queue. */
    public static final String NAME = "daemonset-controller";

    private final LeaderControllerLoop loop;

    DaemonSetController(
            SharedIndexInformer<DaemonSet> daemonSets,
            SharedIndexInformer<Pod> pods,
            SharedIndexInformer<Node> nodes,
            SharedIndexInformer<ControllerRevision> revisions,
            DaemonSetSync sync,
            Expectations expectations,
            MeterRegistry registry,
            int workers) {
        this.loop = new LeaderControllerLoop(
                NAME,
                sync,
                List.of(daemonSets, pods, nodes, revisions),
                () -> daemonSets.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        DaemonSetEventHandlers handlers =
                new DaemonSetEventHandlers(daemonSets.lister(), expectations, loop::enqueue, loop::enqueueAfter);
        daemonSets.addEventHandler(handlers.forDaemonSets());
        pods.addEventHandler(handlers.forPods());
        nodes.addEventHandler(handlers.forNodes());
        revisions.addEventHandler(handlers.forRevisions());
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
