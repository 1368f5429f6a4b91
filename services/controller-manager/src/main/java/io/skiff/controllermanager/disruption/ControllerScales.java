package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.ownership.OwnerReferences;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the scale of the controller a pod's controller reference names, trying the disruption
 * controller's finders in its order: ReplicationController, Deployment (through the pod's
 * ReplicaSet), ReplicaSet without a Deployment, StatefulSet, and finally any kind that serves
 * /scale. The first four read the caches and check the UID; the last asks the API server.
 */
final class ControllerScales {

    private static final Set<String> REPLICA_SET_GROUPS = Set.of("apps", "extensions");

    private final Lister<ReplicationController> replicationControllers;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Deployment> deployments;
    private final Lister<StatefulSet> statefulSets;
    private final ScaleReader scales;

    ControllerScales(
            Lister<ReplicationController> replicationControllers,
            Lister<ReplicaSet> replicaSets,
            Lister<Deployment> deployments,
            Lister<StatefulSet> statefulSets,
            ScaleReader scales) {
        this.replicationControllers = replicationControllers;
        this.replicaSets = replicaSets;
        this.deployments = deployments;
        this.statefulSets = statefulSets;
        this.scales = scales;
    }

    /** A finder: empty when the reference is not its kind or names no live object of it. */
    @FunctionalInterface
    private interface Finder {
        Optional<WorkloadScale> find(OwnerReference ref, String namespace);
    }

    /**
     * The scale of the controller {@code ref} names in {@code namespace}; empty when no finder
     * knows it.
     *
     * @throws IllegalStateException when the reference cannot be resolved at all (a malformed
     *     apiVersion, an unknown kind, a kind without /scale), with Kubernetes' message
     */
    Optional<WorkloadScale> scaleOf(OwnerReference ref, String namespace) {
        List<Finder> finders = List.of(
                this::replicationController, this::deployment, this::replicaSet, this::statefulSet, scales::scaleOf);
        for (Finder finder : finders) {
            Optional<WorkloadScale> found = finder.find(ref, namespace);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<WorkloadScale> replicationController(OwnerReference ref, String namespace) {
        if (!isKind(ref, "ReplicationController", Set.of(""))) {
            return Optional.empty();
        }
        return replicationControllers
                .get(namespace, ref.getName())
                .filter(rc -> rc.getMetadata().getUid().equals(ref.getUid()))
                .map(rc -> new WorkloadScale(
                        rc.getMetadata().getUid(), replicas(rc.getSpec().getReplicas())));
    }

    private Optional<WorkloadScale> deployment(OwnerReference ref, String namespace) {
        Optional<OwnerReference> deploymentRef = ownedReplicaSet(ref, namespace).flatMap(OwnerReferences::controllerOf);
        if (deploymentRef.isEmpty() || !isKind(deploymentRef.get(), "Deployment", REPLICA_SET_GROUPS)) {
            return Optional.empty();
        }
        OwnerReference owner = deploymentRef.get();
        return deployments
                .get(namespace, owner.getName())
                .filter(d -> d.getMetadata().getUid().equals(owner.getUid()))
                .map(d -> new WorkloadScale(
                        d.getMetadata().getUid(), replicas(d.getSpec().getReplicas())));
    }

    /** A ReplicaSet that no Deployment controls (those count through their Deployment). */
    private Optional<WorkloadScale> replicaSet(OwnerReference ref, String namespace) {
        return ownedReplicaSet(ref, namespace)
                .filter(rs -> OwnerReferences.controllerOf(rs)
                        .map(owner -> !"Deployment".equals(owner.getKind()))
                        .orElse(true))
                .map(rs -> new WorkloadScale(
                        rs.getMetadata().getUid(), replicas(rs.getSpec().getReplicas())));
    }

    /** The ReplicaSet {@code ref} names, if it is one and still the object it names. */
    private Optional<ReplicaSet> ownedReplicaSet(OwnerReference ref, String namespace) {
        if (!isKind(ref, "ReplicaSet", REPLICA_SET_GROUPS)) {
            return Optional.empty();
        }
        return replicaSets
                .get(namespace, ref.getName())
                .filter(rs -> rs.getMetadata().getUid().equals(ref.getUid()));
    }

    private Optional<WorkloadScale> statefulSet(OwnerReference ref, String namespace) {
        if (!isKind(ref, "StatefulSet", Set.of("apps"))) {
            return Optional.empty();
        }
        return statefulSets
                .get(namespace, ref.getName())
                .filter(set -> set.getMetadata().getUid().equals(ref.getUid()))
                .map(set -> new WorkloadScale(
                        set.getMetadata().getUid(), replicas(set.getSpec().getReplicas())));
    }

    /** verifyGroupKind: the kind matches and the apiVersion's group is one of {@code groups}. */
    private static boolean isKind(OwnerReference ref, String kind, Set<String> groups) {
        String group = GroupVersions.group(ref.getApiVersion());
        return kind.equals(ref.getKind()) && groups.contains(group);
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }
}
