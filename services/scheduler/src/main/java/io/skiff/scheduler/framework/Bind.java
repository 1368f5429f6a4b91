package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Binds the pod to the node. Bind plugins are tried in order until one does not answer Skip; the
 * one that binds returns Success.
 */
public interface Bind extends Plugin {

    Status bind(CycleState state, Pod pod, String nodeName);
}
