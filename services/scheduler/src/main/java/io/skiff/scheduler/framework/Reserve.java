package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Claims what a plugin tracks itself (e.g. volumes) once a node is chosen, before binding; and
 * gives it back if anything later in the cycle fails. Unreserve must be idempotent and must not
 * fail.
 */
public interface Reserve extends Plugin {

    Status reserve(CycleState state, Pod pod, String nodeName);

    void unreserve(CycleState state, Pod pod, String nodeName);
}
