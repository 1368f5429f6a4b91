package io.skiff.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * The latest version of a pod as the informer cache has it. After a failed attempt the scheduler
 * requeues that version, or drops the pod if it was deleted or bound meanwhile. The integrator
 * implements it with the pod informer's lister.
 */
@FunctionalInterface
public interface PodLister {

    Optional<Pod> get(String namespace, String name);
}
