package io.skiff.controllermanager.podgc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import reactor.core.publisher.Mono;

/** What the pod garbage collector asks of the API server, behind an interface so passes run on fixtures. */
interface PodGcWrites {

    /** Patches the pod's status to phase Failed, adding {@code condition} when not null. */
    Mono<Pod> markFailed(String namespace, String name, PodCondition condition);

    /** Deletes the pod with a grace period of 0: no kubelet is left to end it. */
    Mono<Void> forceDelete(String namespace, String name);

    /** Whether the node exists, asked of the API server rather than the cache. */
    Mono<Boolean> nodeExists(String name);
}
