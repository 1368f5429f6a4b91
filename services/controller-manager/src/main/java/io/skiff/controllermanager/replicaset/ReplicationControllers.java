package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerConditionBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.util.List;

/**
 * Converts ReplicationControllers to ReplicaSets and their status back (pkg/controller/replication's
 * conversion adapters). The converted ReplicaSet keeps the kind ReplicationController and
 * apiVersion v1, so the owner references it puts on pods and the events it records name the
 * ReplicationController.
 */
final class ReplicationControllers {

    static final String KIND = "ReplicationController";
    static final String API_VERSION = "v1";

    private ReplicationControllers() {}

    static ReplicaSet toReplicaSet(ReplicationController controller) {
        ReplicaSetBuilder builder = new ReplicaSetBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withMetadata(controller.getMetadata())
                .withNewSpec()
                .withReplicas(controller.getSpec().getReplicas())
                .withMinReadySeconds(controller.getSpec().getMinReadySeconds())
                .withSelector(new LabelSelectorBuilder()
                        .withMatchLabels(controller.getSpec().getSelector())
                        .build())
                .withTemplate(controller.getSpec().getTemplate())
                .endSpec();
        if (controller.getStatus() != null) {
            builder.withStatus(toReplicaSetStatus(controller.getStatus()));
        }
        return builder.build();
    }

    static ReplicaSetStatus toReplicaSetStatus(ReplicationControllerStatus status) {
        List<ReplicaSetCondition> conditions = status.getConditions() == null
                ? null
                : status.getConditions().stream()
                        .map(c -> new ReplicaSetConditionBuilder()
                                .withType(c.getType())
                                .withStatus(c.getStatus())
                                .withReason(c.getReason())
                                .withMessage(c.getMessage())
                                .withLastTransitionTime(c.getLastTransitionTime())
                                .build())
                        .toList();
        return new ReplicaSetStatusBuilder()
                .withReplicas(status.getReplicas())
                .withFullyLabeledReplicas(status.getFullyLabeledReplicas())
                .withReadyReplicas(status.getReadyReplicas())
                .withAvailableReplicas(status.getAvailableReplicas())
                .withObservedGeneration(status.getObservedGeneration())
                .withConditions(conditions)
                .build();
    }

    static ReplicationControllerStatus toControllerStatus(ReplicaSetStatus status) {
        List<ReplicationControllerCondition> conditions = status.getConditions() == null
                ? null
                : status.getConditions().stream()
                        .map(c -> new ReplicationControllerConditionBuilder()
                                .withType(c.getType())
                                .withStatus(c.getStatus())
                                .withReason(c.getReason())
                                .withMessage(c.getMessage())
                                .withLastTransitionTime(c.getLastTransitionTime())
                                .build())
                        .toList();
        return new ReplicationControllerStatusBuilder()
                .withReplicas(status.getReplicas())
                .withFullyLabeledReplicas(status.getFullyLabeledReplicas())
                .withReadyReplicas(status.getReadyReplicas())
                .withAvailableReplicas(status.getAvailableReplicas())
                .withObservedGeneration(status.getObservedGeneration())
                .withConditions(conditions)
                .build();
    }
}
