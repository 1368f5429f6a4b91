package io.skiff.controllermanager.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.controllermanager.ownership.ControllerClaims;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The writes a controller makes to the pods it owns (client-go's PodControlInterface) and to its own
 * object (a fresh read, the status), behind an interface so that syncs can be tested on cache
 * fixtures. Pods are adopted and released by patching them ({@link ControllerClaims}).
 *
 * @param <O> the owner's kind
 */
public interface PodControl<O extends HasMetadata> extends ControllerClaims.Writes {

    /** Creates {@code pod} (named by generateName unless it has a name) and emits the created pod. */
    Mono<Pod> createPod(String namespace, Pod pod);

    Mono<Void> deletePod(String namespace, String name);

    /** Applies a strategic merge patch to a pod (adoption, release, relabelling, finalizer removal). */
    Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch);

    /** Reads the owner from the API server, not the cache; empty when it is gone. */
    @Override
    Mono<O> freshOwner(String namespace, String name);

    /** Writes the owner's status, with its resourceVersion as precondition; emits the stored owner. */
    Mono<O> updateStatus(O owner);

    @Override
    default Mono<?> patchOwned(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return patchPod(namespace, name, strategicMergePatch);
    }
}
