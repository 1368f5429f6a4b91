package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.Comparator;

/** Pod priority and importance as kube-scheduler compares pods. */
final class PodPriorities {

    private PodPriorities() {}

    /** spec.priority, 0 when unset (the Priority admission plugin resolved the PriorityClass). */
    static int priority(Pod pod) {
        Integer priority = pod.getSpec() == null ? null : pod.getSpec().getPriority();
        return priority == null ? 0 : priority;
    }

    /** status.startTime, or {@code now} for pods that have not started (assumed or just bound). */
    static Instant startTime(Pod pod, Instant now) {
        String startTime = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        return KubeTimes.parse(startTime).orElse(now);
    }

    /** Higher priority first; among equals, the one running longer (earlier start) first: MoreImportantPod. */
    static Comparator<Pod> mostImportantFirst(Instant now) {
        return Comparator.comparingInt(PodPriorities::priority).reversed().thenComparing(pod -> startTime(pod, now));
    }

    /** Whether the pod is being deleted because the scheduler preempted it (DisruptionTarget condition). */
    static boolean isTerminatingByPreemption(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null || pod.getStatus() == null) {
            return false;
        }
        if (pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("DisruptionTarget".equals(condition.getType())) {
                return "True".equals(condition.getStatus()) && "PreemptionByScheduler".equals(condition.getReason());
            }
        }
        return false;
    }
}
