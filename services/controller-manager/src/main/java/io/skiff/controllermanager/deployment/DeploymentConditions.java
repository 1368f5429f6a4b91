package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A Deployment's conditions, their types and reasons, and how they change (deployment_util.go). */
final class DeploymentConditions {

    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    static final String TRUE = "True";
    static final String FALSE = "False";
    static final String UNKNOWN = "Unknown";

    /** Progressing reasons. */
    static final String NEW_REPLICA_SET_CREATED = "NewReplicaSetCreated";

    static final String FOUND_NEW_REPLICA_SET = "FoundNewReplicaSet";
    static final String REPLICA_SET_UPDATED = "ReplicaSetUpdated";
    static final String NEW_REPLICA_SET_AVAILABLE = "NewReplicaSetAvailable";
    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    static final String REPLICA_SET_CREATE_ERROR = "ReplicaSetCreateError";
    static final String DEPLOYMENT_PAUSED = "DeploymentPaused";
    static final String DEPLOYMENT_RESUMED = "DeploymentResumed";

    /** Available reasons. */
    static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";

    static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";

    private DeploymentConditions() {}

    /** A condition updated and transitioned {@code now} (timestamps in whole seconds, as metav1.Time). */
    static DeploymentCondition create(String type, String status, String reason, String message, Instant now) {
        String time = KubeTimes.time(now);
        return new DeploymentConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastUpdateTime(time)
                .withLastTransitionTime(time)
                .build();
    }

    static Optional<DeploymentCondition> get(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }

    /**
     * Sets {@code condition} in {@code status} (SetDeploymentCondition): no change when one of its
     * type already has its status and reason; the transition time kept when only the reason changes.
     */
    static void set(DeploymentStatus status, DeploymentCondition condition) {
        Optional<DeploymentCondition> current = get(status, condition.getType());
        if (current.isPresent()
                && Objects.equals(current.get().getStatus(), condition.getStatus())
                && Objects.equals(current.get().getReason(), condition.getReason())) {
            return;
        }
        if (current.isPresent() && Objects.equals(current.get().getStatus(), condition.getStatus())) {
            condition.setLastTransitionTime(current.get().getLastTransitionTime());
        }
        List<DeploymentCondition> conditions = without(status, condition.getType());
        conditions.add(condition);
        status.setConditions(conditions);
    }

    static void remove(DeploymentStatus status, String type) {
        List<DeploymentCondition> conditions = without(status, type);
        status.setConditions(conditions.isEmpty() ? null : conditions);
    }

    /** A ReplicaSet's condition as a Deployment's, updated when it transitioned. */
    static DeploymentCondition fromReplicaSet(ReplicaSetCondition condition) {
        return new DeploymentConditionBuilder()
                .withType(condition.getType())
                .withStatus(condition.getStatus())
                .withReason(condition.getReason())
                .withMessage(condition.getMessage())
                .withLastUpdateTime(condition.getLastTransitionTime())
                .withLastTransitionTime(condition.getLastTransitionTime())
                .build();
    }

    private static List<DeploymentCondition> without(DeploymentStatus status, String type) {
        List<DeploymentCondition> conditions = new ArrayList<>();
        if (status.getConditions() != null) {
            for (DeploymentCondition condition : status.getConditions()) {
                if (!type.equals(condition.getType())) {
                    conditions.add(condition);
                }
            }
        }
        return conditions;
    }
}
