package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;

/** Hand-built objects for the collector's tests: snapshots as informers and the API server show them. */
final class Fixtures {

    private Fixtures() {}

    static ObjectSnapshot pod(String namespace, String name, OwnerReference... owners) {
        return object("v1", "Pod", namespace, name, owners);
    }

    static ObjectSnapshot replicaSet(String namespace, String name, OwnerReference... owners) {
        return object("apps/v1", "ReplicaSet", namespace, name, owners);
    }

    static ObjectSnapshot object(
            String apiVersion, String kind, String namespace, String name, OwnerReference... owners) {
        return new ObjectSnapshot(
                new ObjectIdentity(apiVersion, kind, namespace, name, uidOf(namespace, name)),
                List.of(owners),
                false,
                List.of());
    }

    /** The uid tests give {@code namespace/name}, so cases can name objects by name alone. */
    static String uidOf(String namespace, String name) {
        return "uid-" + (namespace.isEmpty() ? "" : namespace + "-") + name;
    }

    static OwnerReference ownedBy(ObjectSnapshot owner) {
        return reference(owner, false);
    }

    static OwnerReference blockedBy(ObjectSnapshot owner) {
        return reference(owner, true);
    }

    private static OwnerReference reference(ObjectSnapshot owner, boolean block) {
        ObjectIdentity identity = owner.identity();
        return new OwnerReferenceBuilder()
                .withApiVersion(identity.apiVersion())
                .withKind(identity.kind())
                .withName(identity.name())
                .withUid(identity.uid())
                .withController(true)
                .withBlockOwnerDeletion(block)
                .build();
    }

    /** The object being deleted, held by {@code finalizers}. */
    static ObjectSnapshot deleting(ObjectSnapshot object, String... finalizers) {
        return new ObjectSnapshot(object.identity(), object.owners(), true, List.of(finalizers));
    }

    /** The same object with {@code owners} instead of its references. */
    static ObjectSnapshot withOwners(ObjectSnapshot object, OwnerReference... owners) {
        return new ObjectSnapshot(object.identity(), List.of(owners), object.beingDeleted(), object.finalizers());
    }

    /** The queues the graph fills, in order. */
    static final class RecordingWork implements GraphWork {
        final List<String> toDelete = new ArrayList<>();
        final List<String> toOrphan = new ArrayList<>();

        @Override
        public void attemptToDelete(String uid) {
            toDelete.add(uid);
        }

        @Override
        public void attemptToOrphan(String uid) {
            toOrphan.add(uid);
        }

        void clear() {
            toDelete.clear();
            toOrphan.clear();
        }
    }
}
