package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * What the deployment controller asks of its ReplicaSets (deployment_util.go and controller_utils.go):
 * sizes, counts, orderings, and which one is new — the one whose template equals the Deployment's.
 */
final class ReplicaSetLists {

    /** Oldest first; equal timestamps by name (controller.ReplicaSetsByCreationTimestamp). */
    static final Comparator<ReplicaSet> BY_CREATION = Comparator.comparing(
                    ReplicaSetLists::creationTime, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(rs -> rs.getMetadata().getName());

    /** Largest first; equal sizes oldest first (ReplicaSetsBySizeOlder: scaling down). */
    static final Comparator<ReplicaSet> BY_SIZE_OLDER =
            Comparator.comparingInt(ReplicaSetLists::replicas).reversed().thenComparing(BY_CREATION);

    /** Largest first; equal sizes newest first (ReplicaSetsBySizeNewer: scaling up). */
    static final Comparator<ReplicaSet> BY_SIZE_NEWER =
            Comparator.comparingInt(ReplicaSetLists::replicas).reversed().thenComparing(BY_CREATION.reversed());

    /** Lowest revision first; equal revisions oldest first (ReplicaSetsByRevision). */
    static final Comparator<ReplicaSet> BY_REVISION =
            Comparator.<ReplicaSet>comparingLong(Revisions::of).thenComparing(BY_CREATION);

    private ReplicaSetLists() {}

    /** spec.replicas; the API server defaults it to 1. */
    static int replicas(ReplicaSet replicaSet) {
        Integer replicas = replicaSet.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    static ReplicaSetStatus status(ReplicaSet replicaSet) {
        return replicaSet.getStatus() == null ? new ReplicaSetStatus() : replicaSet.getStatus();
    }

    static ReplicaSet copy(ReplicaSet replicaSet) {
        return new ReplicaSetBuilder(replicaSet).build();
    }

    /** Sum of spec.replicas (GetReplicaCountForReplicaSets); null entries (no new set yet) count 0. */
    static int specReplicas(List<ReplicaSet> replicaSets) {
        return sum(replicaSets, ReplicaSetLists::replicas);
    }

    /** Sum of status.replicas: the pods that exist (GetActualReplicaCountForReplicaSets). */
    static int actualReplicas(List<ReplicaSet> replicaSets) {
        return sum(replicaSets, rs -> Deployments.orZero(status(rs).getReplicas()));
    }

    static int readyReplicas(List<ReplicaSet> replicaSets) {
        return sum(replicaSets, rs -> Deployments.orZero(status(rs).getReadyReplicas()));
    }

    static int availableReplicas(List<ReplicaSet> replicaSets) {
        return sum(replicaSets, rs -> Deployments.orZero(status(rs).getAvailableReplicas()));
    }

    /** The sets that should have pods (FilterActiveReplicaSets). */
    static List<ReplicaSet> active(List<ReplicaSet> replicaSets) {
        List<ReplicaSet> active = new ArrayList<>();
        for (ReplicaSet replicaSet : replicaSets) {
            if (replicaSet != null && replicas(replicaSet) > 0) {
                active.add(replicaSet);
            }
        }
        return active;
    }

    /**
     * The set whose template equals the Deployment's, hash label aside (FindNewReplicaSet). Should
     * several match (possible after upgrades changed hashing), the oldest wins, deterministically.
     */
    static ReplicaSet findNew(Deployment deployment, List<ReplicaSet> replicaSets) {
        List<ReplicaSet> sorted = new ArrayList<>(replicaSets);
        sorted.sort(BY_CREATION);
        for (ReplicaSet replicaSet : sorted) {
            if (PodTemplates.equalIgnoringHash(
                    replicaSet.getSpec().getTemplate(), deployment.getSpec().getTemplate())) {
                return replicaSet;
            }
        }
        return null;
    }

    /** Every set but the new one (the second list of FindOldReplicaSets). */
    static List<ReplicaSet> findOld(Deployment deployment, List<ReplicaSet> replicaSets) {
        ReplicaSet newReplicaSet = findNew(deployment, replicaSets);
        List<ReplicaSet> old = new ArrayList<>();
        for (ReplicaSet replicaSet : replicaSets) {
            if (newReplicaSet == null
                    || !Objects.equals(
                            replicaSet.getMetadata().getUid(),
                            newReplicaSet.getMetadata().getUid())) {
                old.add(replicaSet);
            }
        }
        return old;
    }

    /**
     * The only active set, or the newest when none is active; null when several are active, which
     * then scale proportionally (FindActiveOrLatest).
     */
    static ReplicaSet findActiveOrLatest(ReplicaSet newReplicaSet, List<ReplicaSet> oldReplicaSets) {
        if (newReplicaSet == null && oldReplicaSets.isEmpty()) {
            return null;
        }
        List<ReplicaSet> newestFirst = new ArrayList<>(oldReplicaSets);
        newestFirst.sort(BY_CREATION.reversed());
        List<ReplicaSet> all = new ArrayList<>(newestFirst);
        all.add(newReplicaSet);
        List<ReplicaSet> active = active(all);
        return switch (active.size()) {
            case 0 -> newReplicaSet != null ? newReplicaSet : newestFirst.get(0);
            case 1 -> active.get(0);
            default -> null;
        };
    }

    /**
     * Whether the new set alone holds all desired replicas, all available, and both sides agree on
     * the size through the desired-replicas annotation (IsSaturated).
     */
    static boolean isSaturated(Deployment deployment, ReplicaSet replicaSet) {
        if (replicaSet == null) {
            return false;
        }
        Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
        String desired = annotations == null ? null : annotations.get(DeploymentAnnotations.DESIRED_REPLICAS);
        int replicas = Deployments.replicas(deployment);
        try {
            return desired != null
                    && Integer.parseInt(desired) == replicas
                    && replicas(replicaSet) == replicas
                    && Deployments.orZero(status(replicaSet).getAvailableReplicas()) == replicas;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The size the new set should grow to now (NewRSNewReplicas): for a rolling update as far as the
     * surge allows without exceeding the desired replicas; for Recreate all at once.
     */
    static int newReplicaSetReplicas(Deployment deployment, List<ReplicaSet> all, ReplicaSet newReplicaSet) {
        int desired = Deployments.replicas(deployment);
        if (RollingParameters.isRecreate(deployment)) {
            return desired;
        }
        if (!RollingParameters.isRollingUpdate(deployment)) {
            throw new IllegalArgumentException(
                    "deployment type " + deployment.getSpec().getStrategy().getType() + " isn't supported");
        }
        int maxSurge = RollingParameters.scaledValue(RollingParameters.rawMaxSurge(deployment), desired, true);
        int current = specReplicas(all);
        int maxTotal = desired + maxSurge;
        int newReplicas = replicas(newReplicaSet);
        if (current >= maxTotal) {
            return newReplicas;
        }
        int scaleUp = Math.min(maxTotal - current, desired - newReplicas);
        return newReplicas + scaleUp;
    }

    private static int sum(List<ReplicaSet> replicaSets, ToIntFunction<ReplicaSet> count) {
        int total = 0;
        for (ReplicaSet replicaSet : replicaSets) {
            if (replicaSet != null) {
                total += count.applyAsInt(replicaSet);
            }
        }
        return total;
    }

    private static Instant creationTime(ReplicaSet replicaSet) {
        return KubeTimes.parse(replicaSet.getMetadata().getCreationTimestamp()).orElse(null);
    }
}
