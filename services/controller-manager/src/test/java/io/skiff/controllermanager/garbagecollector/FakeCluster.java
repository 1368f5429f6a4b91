package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API server as the collector's unit tests see it: live objects by identity, every write
 * applied and recorded as a line such as {@code delete Pod a/p1 Background}.
 */
final class FakeCluster implements ClusterObjects {

    private final Map<String, ObjectSnapshot> live = new LinkedHashMap<>();
    final List<String> actions = new ArrayList<>();
    final List<String> reads = new ArrayList<>();

    FakeCluster with(ObjectSnapshot... objects) {
        for (ObjectSnapshot object : objects) {
            live.put(object.identity().uid(), object);
        }
        return this;
    }

    @Override
    public Optional<ObjectSnapshot> get(ObjectIdentity identity) {
        reads.add(identity.name());
        return Optional.ofNullable(live.get(identity.uid()))
                .filter(object -> object.identity().sameObjectAs(identity));
    }

    @Override
    public void delete(ObjectIdentity identity, String propagationPolicy) {
        actions.add("delete " + name(identity) + " " + propagationPolicy);
        live.remove(identity.uid());
    }

    @Override
    public void removeOwnerReferences(ObjectIdentity dependent, Set<String> ownerUids) {
        actions.add("unown " + name(dependent) + " "
                + String.join(",", ownerUids.stream().sorted().toList()));
        ObjectSnapshot object = live.get(dependent.uid());
        if (object != null) {
            List<OwnerReference> kept = new ArrayList<>(object.owners());
            kept.removeIf(reference -> ownerUids.contains(reference.getUid()));
            live.put(
                    dependent.uid(),
                    new ObjectSnapshot(object.identity(), kept, object.beingDeleted(), object.finalizers()));
        }
    }

    @Override
    public void unblockOwnerReference(ObjectIdentity dependent, String ownerUid) {
        actions.add("unblock " + name(dependent) + " " + ownerUid);
        ObjectSnapshot object = live.get(dependent.uid());
        if (object != null) {
            List<OwnerReference> owners = new ArrayList<>();
            for (OwnerReference reference : object.owners()) {
                owners.add(
                        ownerUid.equals(reference.getUid())
                                ? new OwnerReferenceBuilder(reference)
                                        .withBlockOwnerDeletion(false)
                                        .build()
                                : reference);
            }
            live.put(
                    dependent.uid(),
                    new ObjectSnapshot(object.identity(), owners, object.beingDeleted(), object.finalizers()));
        }
    }

    @Override
    public void removeFinalizer(ObjectIdentity identity, String finalizer) {
        actions.add("unfinalize " + name(identity) + " " + finalizer);
    }

    private static String name(ObjectIdentity identity) {
        return identity.kind() + " " + (identity.namespace().isEmpty() ? "" : identity.namespace() + "/")
                + identity.name();
    }
}
