package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes why a pod is not scheduled into its status, as kube-scheduler does: the PodScheduled
 * condition False with reason Unschedulable (or SchedulerError) and the FailedScheduling message,
 * and status.nominatedNodeName when preemption made room. Skips the write when nothing would
 * change, so a pod retried every few seconds does not churn the API server.
 */
final class PodConditionUpdater {

    static final String POD_SCHEDULED = "PodScheduled";

    private static final Logger log = LoggerFactory.getLogger(PodConditionUpdater.class);

    private final KubeClient client;
    private final Clock clock;

    PodConditionUpdater(KubeClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Records the failure; never throws (the scheduler retries the pod either way).
     *
     * @param nominatedNodeName the node preemption made room on, "" to clear a nomination, or null
     *     to leave it as it is
     */
    void unschedulable(Pod pod, String reason, String message, String nominatedNodeName) {
        PodCondition current = scheduledCondition(pod);
        String currentNomination =
                pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        boolean sameCondition = current != null
                && "False".equals(current.getStatus())
                && reason.equals(current.getReason())
                && message.equals(current.getMessage());
        boolean sameNomination = nominatedNodeName == null
                || nominatedNodeName.equals(currentNomination == null ? "" : currentNomination);
        if (sameCondition && sameNomination) {
            return;
        }
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", POD_SCHEDULED);
        condition.put("status", "False");
        condition.put("reason", reason);
        condition.put("message", message);
        condition.put("lastProbeTime", null);
        condition.put(
                "lastTransitionTime",
                current != null && "False".equals(current.getStatus())
                        ? current.getLastTransitionTime()
                        : KubeTimes.time(Instant.now(clock)));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("conditions", List.of(condition));
        if (nominatedNodeName != null) {
            // An empty nomination clears the field (null in a merge patch deletes it).
            status.put("nominatedNodeName", nominatedNodeName.isEmpty() ? null : nominatedNodeName);
        }
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        client.pods()
                .patchStatus(namespace, name, Patch.strategicMerge(Map.of("status", status)))
                .doOnError(
                        error -> log.debug("could not record why {}/{} is unschedulable: {}", namespace, name, error))
                .onErrorComplete()
                .subscribe();
    }

    private static PodCondition scheduledCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> Objects.equals(POD_SCHEDULED, c.getType()))
                .findFirst()
                .orElse(null);
    }
}
