package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.skiff.controllermanager.ownership.ControllerClaims;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The writes the DaemonSet controller makes (pods, the DaemonSet's status; revisions go through
 * {@link io.skiff.controllermanager.history.RevisionWrites}), behind an interface so that syncs can
 * be tested on cache fixtures.
 */
interface DaemonSetControl extends ControllerClaims.Writes {

    /** Creates {@code pod} (named by generateName) and emits the created pod. */
    Mono<Pod> createPod(String namespace, Pod pod);

    Mono<Void> deletePod(String namespace, String name);

    /** Applies a strategic merge patch to a pod (adoption, release, relabelling). */
    Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch);

    /** Reads the DaemonSet from the API server, not the cache; empty when it is gone. */
    Mono<DaemonSet> freshDaemonSet(String namespace, String name);

    /** Writes {@code daemonSet}'s status, with its resourceVersion as precondition. */
    Mono<DaemonSet> updateStatus(DaemonSet daemonSet);

    @Override
    default Mono<?> patchOwned(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return patchPod(namespace, name, strategicMergePatch);
    }

    @Override
    default Mono<? extends HasMetadata> freshOwner(String namespace, String name) {
        return freshDaemonSet(namespace, name);
    }
}
