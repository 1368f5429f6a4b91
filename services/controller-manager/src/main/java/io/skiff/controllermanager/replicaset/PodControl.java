package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.controllermanager.ownership.ControllerClaims;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The writes the ReplicaSet controller makes (client-go's PodControlInterface plus the ReplicaSet
 * reads and status writes), kept behind an interface so that syncs can be tested on cache fixtures.
 */
interface PodControl extends ControllerClaims.Writes {

    /** Creates {@code pod} (named by generateName) and emits the created pod. */
    Mono<Pod> createPod(String namespace, Pod pod);

    Mono<Void> deletePod(String namespace, String name);

    /** Applies a strategic merge patch (the form in which controllers adopt and release pods). */
    Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch);

    /** Reads the ReplicaSet from the API server, not the cache; empty when it is gone. */
    Mono<ReplicaSet> freshReplicaSet(String namespace, String name);

    /** Writes {@code replicaSet}'s status, with its resourceVersion as precondition. */
    Mono<ReplicaSet> updateStatus(ReplicaSet replicaSet);

    @Override
    default Mono<?> patchOwned(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return patchPod(namespace, name, strategicMergePatch);
    }

    @Override
    default Mono<? extends HasMetadata> freshOwner(String namespace, String name) {
        return freshReplicaSet(namespace, name);
    }
}
