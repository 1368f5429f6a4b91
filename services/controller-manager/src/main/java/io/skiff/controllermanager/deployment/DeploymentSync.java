package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.ownership.ControllerClaims;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.model.selector.LabelSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sync of one Deployment (deployment_controller.go syncDeployment): claim its ReplicaSets, wait
 * until the cache shows them as this controller last wrote them ({@link UnobservedWrites}), then, in
 * this order of precedence, only the status while it is being deleted; only scaling while it is
 * paused or was just resized; else a rollout by its strategy.
 */
final class DeploymentSync implements Reconciler<String> {

    private final Lister<Deployment> deployments;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final DeploymentWrites writes;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;
    private final ControllerClaims<ReplicaSet> claims;
    private final UnobservedWrites unobserved;

    DeploymentSync(
            Lister<Deployment> deployments,
            Lister<ReplicaSet> replicaSets,
            Lister<Pod> pods,
            DeploymentWrites writes,
            EventRecorder events,
            Clock clock,
            Duration timeout) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.writes = writes;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
        this.claims = new ControllerClaims<>(writes, timeout);
        this.unobserved = new UnobservedWrites(clock);
    }

    @Override
    public Result sync(String key) {
        Optional<Deployment> cached = deployments.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            return Result.done();
        }
        Deployment deployment = Deployments.copy(cached.get());
        Rollout rollout = new Rollout(deployment, writes, unobserved, events, replicaSets, clock, timeout);
        LabelSelector selector = LabelSelector.fromApi(deployment.getSpec().getSelector());
        if (selector.isEverything()) {
            events.event(
                    deployment,
                    EventType.WARNING,
                    "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
            DeploymentStatus status = Deployments.status(deployment);
            if (Deployments.orZero(status.getObservedGeneration()) < Deployments.generation(deployment)) {
                rollout.writeStatus(new DeploymentStatusBuilder(status)
                        .withObservedGeneration(Deployments.generation(deployment))
                        .build());
            }
            return Result.done();
        }
        List<ReplicaSet> owned = claims.claim(
                deployment, selector, replicaSets.list(Deployments.namespace(deployment), LabelSelector.everything()));
        if (!unobserved.seenIn(owned)) {
            // Sized from a cache without this controller's last writes; their events bring the key back.
            return Result.done();
        }
        if (deployment.getMetadata().getDeletionTimestamp() != null) {
            return rollout.statusOnly(owned);
        }
        rollout.checkPausedConditions();
        if (Deployments.paused(deployment)) {
            return rollout.scaleOnly(owned);
        }
        if (rollout.isScalingEvent(owned)) {
            return rollout.scaleOnly(owned);
        }
        if (RollingParameters.isRecreate(deployment)) {
            return Recreate.rollout(rollout, owned, podsBySet(deployment, selector, owned));
        }
        if (RollingParameters.isRollingUpdate(deployment)) {
            return RollingUpdate.rollout(rollout, owned);
        }
        throw new IllegalArgumentException("unexpected deployment strategy type: "
                + deployment.getSpec().getStrategy().getType());
    }

    /**
     * The pods the selector matches, grouped by the owned ReplicaSet controlling them
     * (getPodMapForDeployment). Terminating and finished pods are kept: Recreate waits for them.
     */
    private Map<String, List<Pod>> podsBySet(Deployment deployment, LabelSelector selector, List<ReplicaSet> owned) {
        Map<String, List<Pod>> podsBySet = new HashMap<>();
        for (ReplicaSet replicaSet : owned) {
            podsBySet.put(replicaSet.getMetadata().getUid(), new ArrayList<>());
        }
        for (Pod pod : pods.list(Deployments.namespace(deployment), selector)) {
            Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
            if (controller.isPresent() && podsBySet.containsKey(controller.get().getUid())) {
                podsBySet.get(controller.get().getUid()).add(pod);
            }
        }
        return podsBySet;
    }
}
