package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.scheduler.core.SchedulingReporter;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.ProfileConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the cluster what the scheduler decided, as kube-scheduler does: a Normal "Scheduled" event,
 * or a Warning "FailedScheduling" event plus the PodScheduled condition (and the nominated node
 * after preemption) in the pod's status.
 */
final class ApiSchedulingReporter implements SchedulingReporter {

    /** Kubernetes cuts event messages at this length (validation allows 1 KiB for the note). */
    static final int MAX_EVENT_MESSAGE = 1024;

    private final Map<String, EventRecorder> recorders;
    private final PodConditionUpdater conditions;

    /**
     * @param recorders one per profile, by scheduler name: each reports as its own component (the
     *     event's source), as kube-scheduler's profiles do
     */
    ApiSchedulingReporter(Map<String, EventRecorder> recorders, PodConditionUpdater conditions) {
        this.recorders = Collections.unmodifiableMap(new LinkedHashMap<>(recorders));
        this.conditions = conditions;
    }

    @Override
    public void scheduled(Pod pod, String nodeName) {
        recorderFor(pod)
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
        recorderFor(pod).event(pod, EventType.WARNING, "FailedScheduling", "%s", truncate(message));
        String nominated = nominatingInfo != null && nominatingInfo.mode() == NominatingInfo.Mode.OVERRIDE
                ? nominatingInfo.nominatedNodeName()
                : null;
        conditions.unschedulable(pod, reason, message, nominated);
    }

    private EventRecorder recorderFor(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        EventRecorder recorder =
                recorders.get(name == null || name.isEmpty() ? ProfileConfig.DEFAULT_SCHEDULER_NAME : name);
        return recorder != null ? recorder : recorders.values().iterator().next();
    }

    static String truncate(String message) {
        if (message.length() <= MAX_EVENT_MESSAGE) {
            return message;
        }
        return message.substring(0, MAX_EVENT_MESSAGE - 3) + "...";
    }
}
