package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.controllermanager.ownership.ControllerClaims;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The writes the StatefulSet controller makes (pods, claims, revisions, the StatefulSet's status),
 * behind an interface so that syncs can be tested on cache fixtures.
 */
interface StatefulSetControl extends ControllerClaims.Writes {

    Mono<Pod> createPod(String namespace, Pod pod);

    /** Replaces the pod, with its resourceVersion as precondition. */
    Mono<Pod> updatePod(Pod pod);

    Mono<Void> deletePod(String namespace, String name);

    /** Reads the pod from the API server; empty when it is gone. */
    Mono<Pod> freshPod(String namespace, String name);

    /** Applies a strategic merge patch to a pod (adoption and release). */
    Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch);

    Mono<PersistentVolumeClaim> createClaim(String namespace, PersistentVolumeClaim claim);

    /** Replaces the claim, with its resourceVersion as precondition. */
    Mono<PersistentVolumeClaim> updateClaim(PersistentVolumeClaim claim);

    /** Reads the StatefulSet from the API server, not the cache; empty when it is gone. */
    Mono<StatefulSet> freshStatefulSet(String namespace, String name);

    /** Writes {@code set}'s status, with its resourceVersion as precondition. */
    Mono<StatefulSet> updateStatus(StatefulSet set);

    @Override
    default Mono<?> patchOwned(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return patchPod(namespace, name, strategicMergePatch);
    }

    @Override
    default Mono<? extends HasMetadata> freshOwner(String namespace, String name) {
        return freshStatefulSet(namespace, name);
    }
}
