package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Optional;

/** Controller references (metav1.GetControllerOf / NewControllerRef) between ReplicaSets and pods. */
final class OwnerReferences {

    private OwnerReferences() {}

    /** The owner reference that marks {@code object}'s managing controller, if it has one. */
    static Optional<OwnerReference> controllerOf(HasMetadata object) {
        if (object.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return object.getMetadata().getOwnerReferences().stream()
                .filter(ref -> Boolean.TRUE.equals(ref.getController()))
                .findFirst();
    }

    /** The reference a pod of {@code replicaSet} carries: controller, and blocking its owner's deletion. */
    static OwnerReference controllerRef(ReplicaSet replicaSet) {
        return new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(replicaSet.getMetadata().getName())
                .withUid(replicaSet.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
