package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.controller.Result;
import java.util.List;
import java.util.Map;

/**
 * The Recreate strategy (recreate.go): scale every old ReplicaSet to zero, wait until none of their
 * pods runs any more, and only then create the new set at full size.
 */
final class Recreate {

    private Recreate() {}

    /**
     * @param podsBySet the pods of each owned set by its UID, terminating ones included
     */
    static Result rollout(Rollout rollout, List<ReplicaSet> owned, Map<String, List<Pod>> podsBySet) {
        // The new set is not created yet: old pods must go first.
        Rollout.Sets sets = rollout.replicaSetsAndSyncRevision(owned, false);
        boolean scaledDown = false;
        for (ReplicaSet old : ReplicaSetLists.active(sets.old())) {
            scaledDown |= rollout.scaleAndRecord(old, 0).scaled();
        }
        if (scaledDown) {
            return rollout.syncRolloutStatus(sets.all(), sets.newSet());
        }
        if (oldPodsRunning(sets.newSet(), sets.old(), podsBySet)) {
            return rollout.syncRolloutStatus(sets.all(), sets.newSet());
        }
        if (sets.newSet() == null) {
            sets = rollout.replicaSetsAndSyncRevision(owned, true);
        }
        Deployment deployment = rollout.deployment();
        rollout.scaleAndRecord(sets.newSet(), Deployments.replicas(deployment));
        if (DeploymentStatuses.complete(deployment, Deployments.status(deployment))) {
            rollout.cleanup(sets.old());
        }
        return rollout.syncRolloutStatus(sets.all(), sets.newSet());
    }

    /**
     * Whether an old set still reports pods, or any pod of an old set is not finished (an Unknown
     * phase counts as running: it may be).
     */
    static boolean oldPodsRunning(ReplicaSet newSet, List<ReplicaSet> old, Map<String, List<Pod>> podsBySet) {
        if (ReplicaSetLists.actualReplicas(old) > 0) {
            return true;
        }
        String newUid = newSet == null ? null : newSet.getMetadata().getUid();
        for (Map.Entry<String, List<Pod>> entry : podsBySet.entrySet()) {
            if (entry.getKey().equals(newUid)) {
                continue;
            }
            for (Pod pod : entry.getValue()) {
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                    return true;
                }
            }
        }
        return false;
    }
}
