package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Decides whether the pod can run on one node. Called concurrently for many nodes, so it must only
 * read the cycle state and the node info. Answers Success, Unschedulable (preemption may help),
 * UnschedulableAndUnresolvable (it cannot), or Error.
 */
public interface Filter extends Plugin {

    Status filter(CycleState state, Pod pod, NodeInfo nodeInfo);
}
