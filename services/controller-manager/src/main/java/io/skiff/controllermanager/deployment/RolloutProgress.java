package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.skiff.component.controller.Result;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How far a rollout has come, as the Deployment's Progressing condition tells it (progress.go). */
final class RolloutProgress {

    private RolloutProgress() {}

    /**
     * The status during a rollout (progress.go syncRolloutStatus): Progressing says whether the
     * rollout completed, progressed since the last status, or ran past its deadline (a completed
     * rollout keeps its condition); the ReplicaSets' ReplicaFailure conditions surface as the
     * Deployment's.
     */
    static DeploymentStatus status(List<ReplicaSet> all, ReplicaSet newSet, Deployment deployment, Instant now) {
        DeploymentStatus status = DeploymentStatuses.calculate(all, newSet, deployment, now);
        if (!Deployments.hasProgressDeadline(deployment)) {
            DeploymentConditions.remove(status, DeploymentConditions.PROGRESSING);
        }
        Optional<DeploymentCondition> current =
                DeploymentConditions.get(deployment.getStatus(), DeploymentConditions.PROGRESSING);
        boolean completeBefore =
                Deployments.orZero(status.getReplicas()) == Deployments.orZero(status.getUpdatedReplicas())
                        && current.isPresent()
                        && DeploymentConditions.NEW_REPLICA_SET_AVAILABLE.equals(
                                current.get().getReason());
        if (Deployments.hasProgressDeadline(deployment) && !completeBefore) {
            updateProgressing(deployment, status, newSet, current, now);
        }
        List<DeploymentCondition> failures = replicaFailures(all, newSet);
        if (!failures.isEmpty()) {
            DeploymentConditions.set(status, failures.get(0));
        } else {
            DeploymentConditions.remove(status, DeploymentConditions.REPLICA_FAILURE);
        }
        return status;
    }

    private static void updateProgressing(
            Deployment deployment,
            DeploymentStatus status,
            ReplicaSet newSet,
            Optional<DeploymentCondition> current,
            Instant now) {
        String subject = newSet != null
                ? String.format("ReplicaSet \"%s\"", newSet.getMetadata().getName())
                : String.format("Deployment \"%s\"", Deployments.name(deployment));
        if (DeploymentStatuses.complete(deployment, status)) {
            DeploymentConditions.set(
                    status,
                    DeploymentConditions.create(
                            DeploymentConditions.PROGRESSING,
                            DeploymentConditions.TRUE,
                            DeploymentConditions.NEW_REPLICA_SET_AVAILABLE,
                            subject + " has successfully progressed.",
                            now));
        } else if (DeploymentStatuses.progressing(deployment, status)) {
            DeploymentCondition condition = DeploymentConditions.create(
                    DeploymentConditions.PROGRESSING,
                    DeploymentConditions.TRUE,
                    DeploymentConditions.REPLICA_SET_UPDATED,
                    subject + " is progressing.",
                    now);
            // Progress refreshes lastUpdateTime even when the reason stays, which set() would not do.
            if (current.isPresent()) {
                if (DeploymentConditions.TRUE.equals(current.get().getStatus())) {
                    condition.setLastTransitionTime(current.get().getLastTransitionTime());
                }
                DeploymentConditions.remove(status, DeploymentConditions.PROGRESSING);
            }
            DeploymentConditions.set(status, condition);
        } else if (DeploymentStatuses.timedOut(deployment, status, now)) {
            DeploymentConditions.set(
                    status,
                    DeploymentConditions.create(
                            DeploymentConditions.PROGRESSING,
                            DeploymentConditions.FALSE,
                            DeploymentConditions.PROGRESS_DEADLINE_EXCEEDED,
                            subject + " has timed out progressing.",
                            now));
        }
    }

    /** The new set's ReplicaFailure conditions, else any old set's (getReplicaFailures). */
    private static List<DeploymentCondition> replicaFailures(List<ReplicaSet> all, ReplicaSet newSet) {
        List<DeploymentCondition> failures = failuresOf(newSet);
        if (!failures.isEmpty()) {
            return failures;
        }
        for (ReplicaSet replicaSet : all) {
            failures.addAll(failuresOf(replicaSet));
        }
        return failures;
    }

    private static List<DeploymentCondition> failuresOf(ReplicaSet replicaSet) {
        List<DeploymentCondition> failures = new ArrayList<>();
        if (replicaSet == null || ReplicaSetLists.status(replicaSet).getConditions() == null) {
            return failures;
        }
        for (ReplicaSetCondition condition : ReplicaSetLists.status(replicaSet).getConditions()) {
            if (DeploymentConditions.REPLICA_FAILURE.equals(condition.getType())) {
                failures.add(DeploymentConditions.fromReplicaSet(condition));
            }
        }
        return failures;
    }

    /**
     * When a rollout under way shows no progress, nothing will wake the controller when its deadline
     * expires: look again then (requeueStuckDeployment), a second late to absorb clock skew.
     */
    static Result recheck(Deployment deployment, DeploymentStatus status, Instant now) {
        Optional<DeploymentCondition> current =
                DeploymentConditions.get(deployment.getStatus(), DeploymentConditions.PROGRESSING);
        if (!Deployments.hasProgressDeadline(deployment) || current.isEmpty()) {
            return Result.done();
        }
        if (DeploymentStatuses.complete(deployment, status)
                || DeploymentConditions.PROGRESS_DEADLINE_EXCEEDED.equals(
                        current.get().getReason())) {
            return Result.done();
        }
        Optional<Instant> lastUpdate = KubeTimes.parse(current.get().getLastUpdateTime());
        if (lastUpdate.isEmpty()) {
            return Result.done();
        }
        Duration after = Duration.between(
                now, lastUpdate.get().plusSeconds(deployment.getSpec().getProgressDeadlineSeconds()));
        if (after.compareTo(Duration.ofSeconds(1)) < 0) {
            return Result.requeue();
        }
        return Result.requeueAfter(after.plusSeconds(1));
    }
}
