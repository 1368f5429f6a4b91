package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment's status from its ReplicaSets (sync.go calculateStatus) and what it says about the
 * rollout (deployment_util.go DeploymentComplete, DeploymentProgressing, DeploymentTimedOut).
 */
final class DeploymentStatuses {

    private DeploymentStatuses() {}

    /**
     * The counts summed over {@code all} sets (and the new one alone for updatedReplicas), the
     * deployment's conditions with Available set from the minimum availability, and its generation as
     * observed. Counts of zero are left out, as Kubernetes writes them ({@code omitempty}).
     */
    static DeploymentStatus calculate(
            List<ReplicaSet> all, ReplicaSet newReplicaSet, Deployment deployment, Instant now) {
        int available = ReplicaSetLists.availableReplicas(all);
        int total = ReplicaSetLists.specReplicas(all);
        int unavailable = Math.max(0, total - available);
        DeploymentStatus current = Deployments.status(deployment);
        DeploymentStatus status = new DeploymentStatus();
        status.setObservedGeneration(nullIfZero(Deployments.generation(deployment)));
        status.setReplicas(nullIfZero(ReplicaSetLists.actualReplicas(all)));
        status.setUpdatedReplicas(nullIfZero(ReplicaSetLists.actualReplicas(Collections.singletonList(newReplicaSet))));
        status.setReadyReplicas(nullIfZero(ReplicaSetLists.readyReplicas(all)));
        status.setAvailableReplicas(nullIfZero(available));
        status.setUnavailableReplicas(nullIfZero(unavailable));
        status.setCollisionCount(current.getCollisionCount());
        status.setTerminatingReplicas(current.getTerminatingReplicas());
        if (current.getConditions() != null && !current.getConditions().isEmpty()) {
            status.setConditions(new ArrayList<>(current.getConditions()));
        }
        int minimum = Deployments.replicas(deployment) - RollingParameters.maxUnavailable(deployment);
        if (available >= minimum) {
            DeploymentConditions.set(
                    status,
                    DeploymentConditions.create(
                            DeploymentConditions.AVAILABLE,
                            DeploymentConditions.TRUE,
                            DeploymentConditions.MINIMUM_REPLICAS_AVAILABLE,
                            "Deployment has minimum availability.",
                            now));
        } else {
            DeploymentConditions.set(
                    status,
                    DeploymentConditions.create(
                            DeploymentConditions.AVAILABLE,
                            DeploymentConditions.FALSE,
                            DeploymentConditions.MINIMUM_REPLICAS_UNAVAILABLE,
                            "Deployment does not have minimum availability.",
                            now));
        }
        return status;
    }

    /** All desired replicas updated and available, no old ones left, the generation observed. */
    static boolean complete(Deployment deployment, DeploymentStatus status) {
        int replicas = Deployments.replicas(deployment);
        return Deployments.orZero(status.getUpdatedReplicas()) == replicas
                && Deployments.orZero(status.getReplicas()) == replicas
                && Deployments.orZero(status.getAvailableReplicas()) == replicas
                && Deployments.orZero(status.getObservedGeneration()) >= Deployments.generation(deployment);
    }

    /**
     * Whether {@code status} shows progress over the deployment's current status: more updated,
     * ready or available pods, or fewer old ones.
     */
    static boolean progressing(Deployment deployment, DeploymentStatus status) {
        DeploymentStatus old = Deployments.status(deployment);
        int oldOldReplicas = Deployments.orZero(old.getReplicas()) - Deployments.orZero(old.getUpdatedReplicas());
        int newOldReplicas = Deployments.orZero(status.getReplicas()) - Deployments.orZero(status.getUpdatedReplicas());
        return Deployments.orZero(status.getUpdatedReplicas()) > Deployments.orZero(old.getUpdatedReplicas())
                || newOldReplicas < oldOldReplicas
                || Deployments.orZero(status.getReadyReplicas()) > Deployments.orZero(old.getReadyReplicas())
                || Deployments.orZero(status.getAvailableReplicas()) > Deployments.orZero(old.getAvailableReplicas());
    }

    /**
     * Whether the rollout has made no progress for progressDeadlineSeconds since its Progressing
     * condition was last updated, or was already found to have; never after it completed.
     */
    static boolean timedOut(Deployment deployment, DeploymentStatus status, Instant now) {
        if (!Deployments.hasProgressDeadline(deployment)) {
            return false;
        }
        Optional<DeploymentCondition> condition = DeploymentConditions.get(status, DeploymentConditions.PROGRESSING);
        if (condition.isEmpty()
                || DeploymentConditions.NEW_REPLICA_SET_AVAILABLE.equals(
                        condition.get().getReason())) {
            return false;
        }
        if (DeploymentConditions.PROGRESS_DEADLINE_EXCEEDED.equals(
                condition.get().getReason())) {
            return true;
        }
        Optional<Instant> lastUpdate = KubeTimes.parse(condition.get().getLastUpdateTime());
        return lastUpdate.isPresent()
                && lastUpdate
                        .get()
                        .plus(Duration.ofSeconds(deployment.getSpec().getProgressDeadlineSeconds()))
                        .isBefore(now);
    }

    /** Equal as Kubernetes would write them: a count of zero and an absent count are the same. */
    static boolean same(DeploymentStatus a, DeploymentStatus b) {
        return Deployments.orZero(a.getObservedGeneration()) == Deployments.orZero(b.getObservedGeneration())
                && Deployments.orZero(a.getReplicas()) == Deployments.orZero(b.getReplicas())
                && Deployments.orZero(a.getUpdatedReplicas()) == Deployments.orZero(b.getUpdatedReplicas())
                && Deployments.orZero(a.getReadyReplicas()) == Deployments.orZero(b.getReadyReplicas())
                && Deployments.orZero(a.getAvailableReplicas()) == Deployments.orZero(b.getAvailableReplicas())
                && Deployments.orZero(a.getUnavailableReplicas()) == Deployments.orZero(b.getUnavailableReplicas())
                && Objects.equals(a.getCollisionCount(), b.getCollisionCount())
                && Objects.equals(a.getTerminatingReplicas(), b.getTerminatingReplicas())
                && Objects.equals(conditions(a), conditions(b));
    }

    private static List<DeploymentCondition> conditions(DeploymentStatus status) {
        return status.getConditions() == null ? List.of() : status.getConditions();
    }

    private static Integer nullIfZero(int value) {
        return value == 0 ? null : value;
    }

    private static Long nullIfZero(long value) {
        return value == 0 ? null : value;
    }
}
