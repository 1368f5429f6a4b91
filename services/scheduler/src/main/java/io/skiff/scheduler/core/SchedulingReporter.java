package io.skiff.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.NominatingInfo;

/**
 * Tells the cluster what happened to a pod. The integrator implements it with the API client and
 * the event recorder, as kube-scheduler does: a {@code Scheduled} event ("Successfully assigned
 * ns/pod to node"); or a {@code FailedScheduling} warning event with the message, the pod's
 * PodScheduled condition set to False with the reason, and status.nominatedNodeName set or cleared
 * as the nominating info says.
 */
public interface SchedulingReporter {

    /** The reason of a pod that fits no node. */
    String REASON_UNSCHEDULABLE = "Unschedulable";

    /** The reason of a pod whose attempt failed with an error. */
    String REASON_SCHEDULER_ERROR = "SchedulerError";

    /** A reporter that tells nobody; for tools and tests that only need the decisions. */
    SchedulingReporter NONE = new SchedulingReporter() {
        @Override
        public void scheduled(Pod pod, String nodeName) {}

        @Override
        public void failed(Pod pod, String reason, String message, NominatingInfo nominatingInfo) {}
    };

    void scheduled(Pod pod, String nodeName);

    /**
     * @param reason {@link #REASON_UNSCHEDULABLE} or {@link #REASON_SCHEDULER_ERROR}
     */
    void failed(Pod pod, String reason, String message, NominatingInfo nominatingInfo);
}
