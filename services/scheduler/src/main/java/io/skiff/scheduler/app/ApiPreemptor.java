package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import io.skiff.component.events.EventType;
import io.skiff.model.time.KubeTimes;
import io.skiff.scheduler.plugins.defaultpreemption.Preemptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Preemption's writes, as kube-scheduler makes them: the victim gets the DisruptionTarget condition
 * (reason PreemptionByScheduler), is deleted gracefully with a uid precondition, and gets a
 * Preempted event; a nomination no longer needed is cleared from the pod's status.
 */
final class ApiPreemptor implements Preemptor {

    private final KubeClient client;
    private final ProfileRecorders recorders;
    private final SchedulerMetrics metrics;
    private final Clock clock;
    private final Duration timeout;

    ApiPreemptor(
            KubeClient client, ProfileRecorders recorders, SchedulerMetrics metrics, Clock clock, Duration timeout) {
        this.client = client;
        this.recorders = recorders;
        this.metrics = metrics;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public void preempt(Pod preemptor, Pod victim, String nodeName) {
        String namespace = victim.getMetadata().getNamespace();
        String name = victim.getMetadata().getName();
        String schedulerName = preemptor.getSpec().getSchedulerName();
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "DisruptionTarget");
        condition.put("status", "True");
        condition.put("reason", "PreemptionByScheduler");
        condition.put("message", schedulerName + ": preempting to accommodate a higher priority pod");
        condition.put("lastTransitionTime", KubeTimes.time(Instant.now(clock)));
        try {
            client.pods()
                    .patchStatus(
                            namespace,
                            name,
                            Patch.strategicMerge(Map.of("status", Map.of("conditions", List.of(condition)))))
                    .block(timeout);
            DeleteOptions options = new DeleteOptionsBuilder()
                    .withNewPreconditions()
                    .withUid(victim.getMetadata().getUid())
                    .endPreconditions()
                    .build();
            client.pods().delete(namespace, name, options).block(timeout);
        } catch (RuntimeException e) {
            // Gone, or replaced by a pod of the same name (the uid precondition failed): done.
            if (ApiErrors.isNotFound(e) || ApiErrors.isConflict(e)) {
                return;
            }
            throw e;
        }
        metrics.preemptionVictim();
        recorders
                .forPod(preemptor)
                .event(
                        victim,
                        EventType.NORMAL,
                        "Preempted",
                        "Preempted by pod %s on node %s",
                        preemptor.getMetadata().getUid(),
                        nodeName);
    }

    @Override
    public void clearNominatedNodeName(Pod pod) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("nominatedNodeName", null);
        try {
            client.pods()
                    .patchStatus(
                            pod.getMetadata().getNamespace(),
                            pod.getMetadata().getName(),
                            Patch.merge(Map.of("status", status)))
                    .block(timeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
    }
}
