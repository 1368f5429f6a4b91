package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/**
 * The Deployment controller's workers, run only while this controller manager leads. Its informer
 * handlers run all along but queue keys only while leading; each start syncs every Deployment once.
 */
public final class DeploymentController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its events and its queue. */
    public static final String NAME = "deployment-controller";

    private final LeaderControllerLoop loop;

    DeploymentController(
            SharedIndexInformer<Deployment> deployments,
            SharedIndexInformer<ReplicaSet> replicaSets,
            SharedIndexInformer<Pod> pods,
            DeploymentSync sync,
            MeterRegistry registry,
            int workers) {
        this.loop = new LeaderControllerLoop(
                NAME,
                sync,
                List.of(deployments, replicaSets, pods),
                () -> deployments.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        DeploymentEventHandlers handlers =
                new DeploymentEventHandlers(deployments.lister(), replicaSets.lister(), pods.lister(), loop::enqueue);
        deployments.addEventHandler(handlers.forDeployments());
        replicaSets.addEventHandler(handlers.forReplicaSets());
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
