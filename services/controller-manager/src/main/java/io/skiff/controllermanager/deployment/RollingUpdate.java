package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.controller.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RollingUpdate strategy (rolling.go): each sync either grows the new ReplicaSet as far as
 * maxSurge allows, or shrinks old ones as far as maxUnavailable allows — unhealthy pods first, since
 * removing them costs no availability — and once the rollout is complete, cleans up the history.
 */
final class RollingUpdate {

    private static final Logger log = LoggerFactory.getLogger(RollingUpdate.class);

    private RollingUpdate() {}

    static Result rollout(Rollout rollout, List<ReplicaSet> owned) {
        Rollout.Sets sets = rollout.replicaSetsAndSyncRevision(owned, true);
        List<ReplicaSet> all = sets.all();
        if (scaleUpNew(rollout, all, sets.newSet())) {
            return rollout.syncRolloutStatus(all, sets.newSet());
        }
        if (scaleDownOld(rollout, all, ReplicaSetLists.active(sets.old()), sets.newSet())) {
            return rollout.syncRolloutStatus(all, sets.newSet());
        }
        Deployment deployment = rollout.deployment();
        if (DeploymentStatuses.complete(deployment, Deployments.status(deployment))) {
            rollout.cleanup(sets.old());
        }
        return rollout.syncRolloutStatus(all, sets.newSet());
    }

    /** reconcileNewReplicaSet: whether the new set was scaled (up, or down to the desired size). */
    static boolean scaleUpNew(Rollout rollout, List<ReplicaSet> all, ReplicaSet newSet) {
        Deployment deployment = rollout.deployment();
        int desired = Deployments.replicas(deployment);
        int current = ReplicaSetLists.replicas(newSet);
        if (current == desired) {
            return false;
        }
        if (current > desired) {
            return rollout.scaleAndRecord(newSet, desired).scaled();
        }
        return rollout.scaleAndRecord(newSet, ReplicaSetLists.newReplicaSetReplicas(deployment, all, newSet))
                .scaled();
    }

    /**
     * reconcileOldReplicaSets: how far the old sets may shrink, counting the new set's unavailable
     * pods as unavailable already, so that a broken new template never eats into availability. None
     * shrinks while an old set's last scale-down is still under way (see {@link #cleanupUnhealthy}).
     *
     * @return whether any old set was scaled down
     */
    static boolean scaleDownOld(Rollout rollout, List<ReplicaSet> all, List<ReplicaSet> activeOld, ReplicaSet newSet) {
        if (ReplicaSetLists.specReplicas(activeOld) == 0) {
            return false;
        }
        Deployment deployment = rollout.deployment();
        int minAvailable = Deployments.replicas(deployment) - RollingParameters.maxUnavailable(deployment);
        int newUnavailable = ReplicaSetLists.replicas(newSet)
                - Deployments.orZero(ReplicaSetLists.status(newSet).getAvailableReplicas());
        int maxScaledDown = ReplicaSetLists.specReplicas(all) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        List<ReplicaSet> old = new ArrayList<>(activeOld);
        OptionalInt cleaned = cleanupUnhealthy(rollout, old, maxScaledDown);
        if (cleaned.isEmpty()) {
            return false;
        }
        List<ReplicaSet> afterCleanup = new ArrayList<>(old);
        afterCleanup.add(newSet);
        int scaledDown = scaleDownForRollingUpdate(rollout, afterCleanup, old);
        return cleaned.getAsInt() + scaledDown > 0;
    }

    /**
     * Shrinks old sets by their unavailable pods, oldest set first, at most {@code maxCleanup} in all
     * (cleanupUnhealthyReplicas); {@code old} is sorted and updated in place with the sets written.
     *
     * <p>A set with more available pods than it asks for was just scaled down and its ReplicaSet
     * controller has not yet deleted the surplus: "cleaning" it would scale it back up, above
     * replicas + maxSurge. Kubernetes refuses that as an invalid scale-down and leaves the old sets
     * alone until the set's status catches up; so does this.
     *
     * @return how many replicas were removed; empty when a set's status is behind its scale-down
     */
    static OptionalInt cleanupUnhealthy(Rollout rollout, List<ReplicaSet> old, int maxCleanup) {
        old.sort(ReplicaSetLists.BY_CREATION);
        int total = 0;
        for (int i = 0; i < old.size() && total < maxCleanup; i++) {
            ReplicaSet replicaSet = old.get(i);
            int replicas = ReplicaSetLists.replicas(replicaSet);
            int available =
                    Deployments.orZero(ReplicaSetLists.status(replicaSet).getAvailableReplicas());
            if (replicas == 0 || replicas == available) {
                continue;
            }
            if (available > replicas) {
                log.debug(
                        "Not cleaning up old replica set {}/{}: {} available pods for {} replicas, its scale-down is"
                                + " still under way",
                        replicaSet.getMetadata().getNamespace(),
                        replicaSet.getMetadata().getName(),
                        available,
                        replicas);
                return OptionalInt.empty();
            }
            int scaledDown = Math.min(maxCleanup - total, replicas - available);
            old.set(i, rollout.scaleAndRecord(replicaSet, replicas - scaledDown).replicaSet());
            total += scaledDown;
        }
        return OptionalInt.of(total);
    }

    /**
     * Shrinks old sets, oldest first, by as many available pods as the deployment may lose
     * (scaleDownOldReplicaSetsForRollingUpdate).
     *
     * @return how many replicas were removed
     */
    static int scaleDownForRollingUpdate(Rollout rollout, List<ReplicaSet> all, List<ReplicaSet> old) {
        Deployment deployment = rollout.deployment();
        int minAvailable = Deployments.replicas(deployment) - RollingParameters.maxUnavailable(deployment);
        int available = ReplicaSetLists.availableReplicas(all);
        if (available <= minAvailable) {
            return 0;
        }
        List<ReplicaSet> oldestFirst = new ArrayList<>(old);
        oldestFirst.sort(ReplicaSetLists.BY_CREATION);
        int toScaleDown = available - minAvailable;
        int total = 0;
        for (ReplicaSet replicaSet : oldestFirst) {
            if (total >= toScaleDown) {
                break;
            }
            int replicas = ReplicaSetLists.replicas(replicaSet);
            if (replicas == 0) {
                continue;
            }
            int scaledDown = Math.min(replicas, toScaleDown - total);
            rollout.scaleAndRecord(replicaSet, replicas - scaledDown);
            total += scaledDown;
        }
        return total;
    }
}
