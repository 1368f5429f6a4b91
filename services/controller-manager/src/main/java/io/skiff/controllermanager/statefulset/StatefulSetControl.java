package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.controllermanager.pods.PodControl;
import reactor.core.publisher.Mono;

/**
 * The writes the StatefulSet controller makes beyond every pod controller's (pod updates and fresh
 * reads, claims), behind an interface so that syncs can be tested on cache fixtures.
 */
interface StatefulSetControl extends PodControl<StatefulSet> {

    /** Replaces the pod, with its resourceVersion as precondition. */
    Mono<Pod> updatePod(Pod pod);

    /** Reads the pod from the API server; empty when it is gone. */
    Mono<Pod> freshPod(String namespace, String name);

    Mono<PersistentVolumeClaim> createClaim(String namespace, PersistentVolumeClaim claim);

    /** Replaces the claim, with its resourceVersion as precondition. */
    Mono<PersistentVolumeClaim> updateClaim(PersistentVolumeClaim claim);
}
