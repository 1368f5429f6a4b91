package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A ReplicaSet's status computed from its active pods (replica_set_utils.go calculateStatus). */
final class ReplicaSetStatuses {

    static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaSetStatuses() {}

    /**
     * The status {@code replicaSet} should have given its active, owned {@code pods}: counts of all,
     * fully labeled (all template labels), ready and available pods; and a ReplicaFailure condition
     * while creating or deleting pods fails.
     *
     * @param manageError the error of this sync's creations or deletions, or null
     * @param diff active pods minus desired replicas when the error happened
     */
    static ReplicaSetStatus calculate(
            ReplicaSet replicaSet, List<Pod> pods, Exception manageError, int diff, Instant now) {
        LabelSelector templateLabels = LabelSelector.fromSet(
                replicaSet.getSpec().getTemplate().getMetadata() == null
                        ? null
                        : replicaSet.getSpec().getTemplate().getMetadata().getLabels());
        int minReadySeconds = orZero(replicaSet.getSpec().getMinReadySeconds());
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod pod : pods) {
            if (templateLabels.matches(pod.getMetadata().getLabels())) {
                fullyLabeled++;
            }
            if (ActivePods.isReady(pod)) {
                ready++;
                if (ActivePods.isAvailable(pod, minReadySeconds, now)) {
                    available++;
                }
            }
        }
        ReplicaSetStatus current = replicaSet.getStatus() == null ? new ReplicaSetStatus() : replicaSet.getStatus();
        List<ReplicaSetCondition> conditions =
                current.getConditions() == null ? new ArrayList<>() : new ArrayList<>(current.getConditions());
        boolean hasFailure = conditions.stream().anyMatch(c -> REPLICA_FAILURE.equals(c.getType()));
        if (manageError != null && !hasFailure) {
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            conditions.add(new ReplicaSetConditionBuilder()
                    .withType(REPLICA_FAILURE)
                    .withStatus("True")
                    .withReason(reason)
                    .withMessage(String.valueOf(manageError.getMessage()))
                    .withLastTransitionTime(KubeTimes.time(now))
                    .build());
        } else if (manageError == null && hasFailure) {
            conditions.removeIf(c -> REPLICA_FAILURE.equals(c.getType()));
        }
        ReplicaSetStatus status = new ReplicaSetStatus();
        status.setReplicas(pods.size());
        status.setFullyLabeledReplicas(fullyLabeled);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(available);
        status.setObservedGeneration(current.getObservedGeneration());
        status.setConditions(conditions.isEmpty() ? null : conditions);
        status.setTerminatingReplicas(current.getTerminatingReplicas());
        return status;
    }

    /**
     * Whether {@code replicaSet} must be written: a count or condition changed, or its generation
     * was not observed yet. Unchanged statuses are not written, so a resync costs no API calls.
     */
    static boolean needsUpdate(ReplicaSet replicaSet, ReplicaSetStatus computed) {
        ReplicaSetStatus current = replicaSet.getStatus() == null ? new ReplicaSetStatus() : replicaSet.getStatus();
        List<ReplicaSetCondition> currentConditions =
                current.getConditions() == null || current.getConditions().isEmpty() ? null : current.getConditions();
        return orZero(current.getReplicas()) != orZero(computed.getReplicas())
                || orZero(current.getFullyLabeledReplicas()) != orZero(computed.getFullyLabeledReplicas())
                || orZero(current.getReadyReplicas()) != orZero(computed.getReadyReplicas())
                || orZero(current.getAvailableReplicas()) != orZero(computed.getAvailableReplicas())
                || !Objects.equals(replicaSet.getMetadata().getGeneration(), current.getObservedGeneration())
                || !Objects.equals(currentConditions, computed.getConditions());
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
