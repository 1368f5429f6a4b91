package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * What the garbage collector needs of an object: who it is, whom it belongs to, and whether and
 * how it is being deleted. Immutable, so the graph never holds on to cached objects.
 */
public record ObjectSnapshot(
        ObjectIdentity identity, List<OwnerReference> owners, boolean beingDeleted, List<String> finalizers) {

    /** Kubernetes' FinalizerOrphanDependents. */
    public static final String ORPHAN_FINALIZER = "orphan";

    /** Kubernetes' FinalizerDeleteDependents. */
    public static final String FOREGROUND_FINALIZER = "foregroundDeletion";

    public ObjectSnapshot {
        owners = owners == null ? List.of() : List.copyOf(owners);
        finalizers = finalizers == null ? List.of() : List.copyOf(finalizers);
    }

    public static ObjectSnapshot of(HasMetadata object) {
        ObjectMeta metadata = object.getMetadata();
        return new ObjectSnapshot(
                ObjectIdentity.of(object),
                metadata.getOwnerReferences(),
                metadata.getDeletionTimestamp() != null,
                metadata.getFinalizers());
    }

    /** Being deleted and holding its dependents until they are orphaned. */
    public boolean waitsForOrphaning() {
        return beingDeleted && finalizers.contains(ORPHAN_FINALIZER);
    }

    /** Being deleted in the foreground: held until its blocking dependents are gone. */
    public boolean waitsForDependentsDeletion() {
        return beingDeleted && finalizers.contains(FOREGROUND_FINALIZER);
    }
}
