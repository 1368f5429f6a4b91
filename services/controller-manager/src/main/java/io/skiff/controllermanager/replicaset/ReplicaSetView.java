package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.informer.Lister;
import io.skiff.model.selector.LabelSelector;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The replica sets the controller manages, as ReplicaSets: the ReplicaSet informer's cache itself,
 * or ReplicationControllers converted on every read (Kubernetes runs its replication controller
 * the same way, as the ReplicaSet controller behind conversion adapters).
 */
interface ReplicaSetView {

    Optional<ReplicaSet> get(String namespace, String name);

    List<ReplicaSet> list(String namespace);

    /** Whether a pod's controller reference points at this view's kind. */
    boolean isOwnerKind(OwnerReference reference);

    static ReplicaSetView of(Lister<ReplicaSet> replicaSets) {
        return converting(replicaSets, Function.identity(), "apps", "ReplicaSet");
    }

    static <T extends HasMetadata> ReplicaSetView converting(
            Lister<T> lister, Function<T, ReplicaSet> convert, String group, String kind) {
        return new ReplicaSetView() {
            @Override
            public Optional<ReplicaSet> get(String namespace, String name) {
                return lister.get(namespace, name).map(convert);
            }

            @Override
            public List<ReplicaSet> list(String namespace) {
                return lister.list(namespace, LabelSelector.everything()).stream()
                        .map(convert)
                        .toList();
            }

            @Override
            public boolean isOwnerKind(OwnerReference reference) {
                String apiVersion = reference.getApiVersion();
                if (apiVersion == null || !kind.equals(reference.getKind())) {
                    return false;
                }
                int slash = apiVersion.indexOf('/');
                return (slash < 0 ? "" : apiVersion.substring(0, slash)).equals(group);
            }
        };
    }
}
