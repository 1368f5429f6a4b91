package io.skiff.controllermanager.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Optional;

/** Controller references (metav1.GetControllerOf / NewControllerRef) between owners and what they own. */
public final class OwnerReferences {

    private OwnerReferences() {}

    /** The owner reference that marks {@code object}'s managing controller, if it has one. */
    public static Optional<OwnerReference> controllerOf(HasMetadata object) {
        if (object.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return object.getMetadata().getOwnerReferences().stream()
                .filter(ref -> Boolean.TRUE.equals(ref.getController()))
                .findFirst();
    }

    /** Whether {@code object} is controlled by the object with {@code uid}. */
    public static boolean isControlledBy(HasMetadata object, String uid) {
        return controllerOf(object).map(ref -> uid.equals(ref.getUid())).orElse(false);
    }

    /**
     * The reference an object owned by {@code owner} carries: controller, and blocking its owner's
     * deletion. The owner's own apiVersion and kind are used when set (a ReplicationController
     * converted to a ReplicaSet keeps its own), else its fabric8 type's.
     */
    public static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(
                        owner.getApiVersion() != null
                                ? owner.getApiVersion()
                                : HasMetadata.getApiVersion(owner.getClass()))
                .withKind(owner.getKind() != null ? owner.getKind() : HasMetadata.getKind(owner.getClass()))
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
