package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** The API calls the status manager makes, for fixtures in tests. Calls block and throw on failure. */
public interface PodStatusApi {

    /** The pod as the API server holds it now; empty when it does not exist. */
    Optional<Pod> get(String namespace, String name);

    /** Replaces the pod's status through pods/status, with its resourceVersion as the precondition. */
    Pod updateStatus(Pod pod);

    /**
     * The kubelet's final delete of a pod it finished terminating: gracePeriodSeconds=0 on condition
     * that the pod is still the one with {@code uid}. A pod already gone is not an error.
     */
    void deleteTerminated(String namespace, String name, String uid);
}
