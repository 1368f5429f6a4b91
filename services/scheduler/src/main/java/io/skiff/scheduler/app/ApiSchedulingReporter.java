package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.events.EventType;
import io.skiff.scheduler.core.SchedulingReporter;
import io.skiff.scheduler.framework.NominatingInfo;

/**
 * Tells the cluster what the scheduler decided, as kube-scheduler does: a Normal "Scheduled" event,
 * or a Warning "FailedScheduling" event plus the PodScheduled condition (and the nominated node
 * after preemption) in the pod's status.
 */
final class ApiSchedulingReporter implements SchedulingReporter {

    /** Kubernetes cuts event messages at this length (validation allows 1 KiB for the note). */
    static final int MAX_EVENT_MESSAGE = 1024;

    private final ProfileRecorders recorders;
    private final PodConditionUpdater conditions;

    ApiSchedulingReporter(ProfileRecorders recorders, PodConditionUpdater conditions) {
        this.recorders = recorders;
        this.conditions = conditions;
    }

    @Override
    public void scheduled(Pod pod, String nodeName) {
        recorders
                .forPod(pod)
                .event(
                        pod,
                        EventType.NORMAL,
                        "Scheduled",
                        "Successfully assigned %s/%s to %s",
                        pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(),
                        nodeName);
    }

    @Override
    public void failed(Pod pod, String reason, String message, NominatingInfo nominatingInfo) {
        recorders.forPod(pod).event(pod, EventType.WARNING, "FailedScheduling", "%s", truncate(message));
        String nominated = nominatingInfo != null && nominatingInfo.mode() == NominatingInfo.Mode.OVERRIDE
                ? nominatingInfo.nominatedNodeName()
                : null;
        conditions.unschedulable(pod, reason, message, nominated);
    }

    static String truncate(String message) {
        if (message.length() <= MAX_EVENT_MESSAGE) {
            return message;
        }
        return message.substring(0, MAX_EVENT_MESSAGE - 3) + "...";
    }
}
