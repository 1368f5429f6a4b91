package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.controllermanager.ownership.ControllerClaims;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The writes the Job controller makes (client-go's PodControlInterface plus the Job reads and
 * status writes), behind an interface so that syncs can be tested on cache fixtures.
 */
interface JobControl extends ControllerClaims.Writes {

    /** Creates {@code pod} (named by generateName) and emits the created pod. */
    Mono<Pod> createPod(String namespace, Pod pod);

    Mono<Void> deletePod(String namespace, String name);

    /** Applies a strategic merge patch (adoption, release, finalizer removal). */
    Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch);

    /** Reads the Job from the API server, not the cache; empty when it is gone. */
    Mono<Job> freshJob(String namespace, String name);

    /** Writes {@code job}'s status, with its resourceVersion as precondition; emits the stored Job. */
    Mono<Job> updateStatus(Job job);

    @Override
    default Mono<?> patchOwned(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return patchPod(namespace, name, strategicMergePatch);
    }

    @Override
    default Mono<? extends HasMetadata> freshOwner(String namespace, String name) {
        return freshJob(namespace, name);
    }
}
