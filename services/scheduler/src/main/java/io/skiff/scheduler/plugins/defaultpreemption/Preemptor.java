package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What preemption asks of the API server; the integrator implements it with the API client and
 * registers it in the framework's Ports. Both calls may block and may throw on failure.
 */
public interface Preemptor {

    /**
     * Evicts a victim to make room for {@code preemptor} on {@code nodeName}, as kube-scheduler
     * does: add the condition {@code DisruptionTarget=True} (reason {@code PreemptionByScheduler},
     * message "{schedulerName}: preempting to accommodate a higher priority pod") to the victim's
     * status, delete it gracefully (its own grace period), and record a {@code Preempted} Event on
     * it ("Preempted by pod {uid} on node {node}"). A victim already gone counts as done.
     */
    void preempt(Pod preemptor, Pod victim, String nodeName);

    /**
     * Clears {@code status.nominatedNodeName} of a pod (a lower-priority pod nominated to the node
     * preemption chose, or a preemptor that no longer has anywhere to go), so the queue retries it.
     */
    void clearNominatedNodeName(Pod pod);
}
