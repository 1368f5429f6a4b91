package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Resizing a Deployment while several of its ReplicaSets have pods (sync.go scale, GetProportion):
 * the pods to add or remove are shared among the active sets in proportion to their size, measured
 * against the Deployment's maximum size when each was last scaled (the max-replicas annotation).
 * Larger sets go first; among equal sizes the newer when scaling up and the older when scaling
 * down; whatever rounding leaves over goes to the first.
 */
final class ProportionalScaling {

    /** The size {@code replicaSet} should have. */
    record Target(ReplicaSet replicaSet, int size) {}

    private ProportionalScaling() {}

    /** The new size of every set in {@code active}, in the order in which they are to be scaled. */
    static List<Target> targets(Deployment deployment, List<ReplicaSet> active) {
        int desired = Deployments.replicas(deployment);
        int allowedSize = desired > 0 ? desired + RollingParameters.maxSurge(deployment) : 0;
        int toAdd = allowedSize - ReplicaSetLists.specReplicas(active);
        List<ReplicaSet> ordered = new ArrayList<>(active);
        if (toAdd > 0) {
            ordered.sort(ReplicaSetLists.BY_SIZE_NEWER);
        } else if (toAdd < 0) {
            ordered.sort(ReplicaSetLists.BY_SIZE_OLDER);
        }
        int[] sizes = new int[ordered.size()];
        int added = 0;
        for (int i = 0; i < ordered.size(); i++) {
            ReplicaSet replicaSet = ordered.get(i);
            int proportion = toAdd == 0 ? 0 : proportion(replicaSet, deployment, toAdd, added);
            sizes[i] = ReplicaSetLists.replicas(replicaSet) + proportion;
            added += proportion;
        }
        List<Target> targets = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            if (i == 0 && toAdd != 0) {
                sizes[0] = Math.max(0, sizes[0] + toAdd - added);
            }
            targets.add(new Target(ordered.get(i), sizes[i]));
        }
        return targets;
    }

    /**
     * How many replicas {@code replicaSet} gains (or loses, negative) of the {@code toAdd} the
     * Deployment needs, {@code added} being already shared out: its fraction, bounded by what is left.
     */
    static int proportion(ReplicaSet replicaSet, Deployment deployment, int toAdd, int added) {
        if (replicaSet == null || ReplicaSetLists.replicas(replicaSet) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(replicaSet, deployment);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /**
     * The set's size scaled from the Deployment's maximum size when the set was last scaled to its
     * maximum size now, minus its size (getReplicaSetFraction); scaling to zero takes everything.
     */
    static int fraction(ReplicaSet replicaSet, Deployment deployment) {
        int replicas = ReplicaSetLists.replicas(replicaSet);
        if (Deployments.replicas(deployment) == 0) {
            return -replicas;
        }
        int maxReplicas = Deployments.replicas(deployment) + RollingParameters.maxSurge(deployment);
        OptionalInt annotated = DeploymentAnnotations.maxReplicas(replicaSet);
        int maxBefore = annotated.orElse(0);
        if (maxBefore == 0) {
            // The annotation was edited away: fall back to the Deployment's current size.
            maxBefore = Deployments.orZero(Deployments.status(deployment).getReplicas());
            if (maxBefore == 0) {
                maxBefore = maxReplicas;
            }
        }
        double newSize = (double) replicas * maxReplicas / maxBefore;
        return roundHalfAwayFromZero(newSize) - replicas;
    }

    /** Go's math.Round, as integer.RoundToInt32 uses it. */
    private static int roundHalfAwayFromZero(double value) {
        return (int) (value < 0 ? -Math.floor(-value + 0.5) : Math.floor(value + 0.5));
    }
}
