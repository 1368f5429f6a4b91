package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Lets a plugin update its PreFilter state incrementally when the framework evaluates "what if
 * this pod were (not) on that node": preemption removing victims, and nominated pods of higher
 * priority being counted on their node.
 */
public interface PreFilterExtensions {

    /** Counts {@code podToAdd} as if it were on {@code nodeInfo}'s node. */
    Status addPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    /** Stops counting {@code podToRemove}, which is on {@code nodeInfo}'s node. */
    Status removePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
