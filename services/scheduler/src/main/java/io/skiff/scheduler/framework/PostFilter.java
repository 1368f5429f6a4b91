package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Runs only when no node passed filtering, to make the pod schedulable later, typically by
 * preemption. The first plugin that succeeds ends the extension point.
 */
public interface PostFilter extends Plugin {

    PostFilterResult postFilter(CycleState state, Pod pod, NodeToStatus filteredNodeStatuses);
}
