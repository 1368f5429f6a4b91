package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Decides whether a pod may enter the active queue at all (e.g. SchedulingGates). A pod any
 * PreEnqueue plugin refuses waits among the unschedulable pods until an update lets it in.
 */
public interface PreEnqueue extends Plugin {

    /** Success to admit the pod; Unschedulable/UnschedulableAndUnresolvable to hold it back. */
    Status preEnqueue(Pod pod);
}
