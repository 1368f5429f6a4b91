package io.skiff.controllermanager.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.nodes.NodeConditions;
import io.skiff.controllermanager.pods.PodStatusPatches;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection pass of the pod garbage collector (podgc's gc_controller.go), run every check
 * period under the single key {@link #KEY}: deletes the oldest terminated pods beyond the threshold,
 * terminating pods on out-of-service nodes, pods bound to nodes that are gone (once the API server
 * confirms it after a quarantine), and terminating pods that were never scheduled. Pods not yet in
 * a terminal phase are first patched to Failed, orphans with a DisruptionTarget condition.
 */
final class PodGarbageCollector implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(PodGarbageCollector.class);

    /** The one key the collector's queue holds: a pass covers every pod. */
    static final String KEY = "pod-gc";

    static final String REASON_DELETION_BY_POD_GC = "DeletionByPodGC";
    static final String MESSAGE_NODE_GONE = "PodGC: node no longer exists";
    static final String TAINT_OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

    private final Lister<Pod> pods;
    private final Lister<Node> nodes;
    private final PodGcWrites writes;
    private final PodGcProperties properties;
    private final Clock clock;
    private final Duration timeout;
    /** Nodes pods are bound to that the cache lacks, with when that was first seen (podgc's nodeQueue). */
    private final Map<String, Instant> quarantined = new HashMap<>();

    PodGarbageCollector(
            Lister<Pod> pods,
            Lister<Node> nodes,
            PodGcWrites writes,
            PodGcProperties properties,
            Clock clock,
            Duration timeout) {
        this.pods = pods;
        this.nodes = nodes;
        this.writes = writes;
        this.properties = properties;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String key) {
        collect();
        return Result.requeueAfter(properties.checkPeriod());
    }

    void collect() {
        List<Pod> all = pods.list(LabelSelector.everything());
        Set<String> nodeNames = new HashSet<>();
        for (Node node : nodes.list(LabelSelector.everything())) {
            nodeNames.add(node.getMetadata().getName());
        }
        if (properties.terminatedPodGcThreshold() > 0) {
            collectTerminated(all);
        }
        collectTerminatingOnOutOfServiceNodes(all);
        collectOrphaned(all, nodeNames);
        collectUnscheduledTerminating(all);
    }

    private void collectTerminated(List<Pod> all) {
        List<Pod> terminated = new ArrayList<>();
        for (Pod pod : all) {
            if (isTerminated(pod)) {
                terminated.add(pod);
            }
        }
        int excess = terminated.size() - properties.terminatedPodGcThreshold();
        if (excess <= 0) {
            return;
        }
        log.info(
                "pod-gc: {} terminated pods exceed the threshold of {}; deleting the {} oldest",
                terminated.size(),
                properties.terminatedPodGcThreshold(),
                excess);
        terminated.sort(EVICTED_THEN_OLDEST);
        for (Pod pod : terminated.subList(0, excess)) {
            markFailedAndDelete(pod, null);
        }
    }

    private void collectTerminatingOnOutOfServiceNodes(List<Pod> all) {
        for (Pod pod : all) {
            if (pod.getMetadata().getDeletionTimestamp() == null
                    || nodeName(pod).isEmpty()) {
                continue;
            }
            Optional<Node> node = nodes.get(nodeName(pod));
            if (node.isPresent()
                    && !NodeConditions.isReady(node.get())
                    && NodeConditions.hasTaintKey(node.get(), TAINT_OUT_OF_SERVICE)) {
                log.info(
                        "pod-gc: pod {} is terminating on out-of-service node {}",
                        ObjectKeys.keyOf(pod),
                        nodeName(pod));
                markFailedAndDelete(pod, null);
            }
        }
    }

    private void collectOrphaned(List<Pod> all, Set<String> nodeNames) {
        Instant now = clock.instant();
        for (Pod pod : all) {
            String node = nodeName(pod);
            if (!node.isEmpty() && !nodeNames.contains(node)) {
                quarantined.putIfAbsent(node, now);
            }
        }
        Set<String> deleted = confirmDeletedNodes(nodeNames, now);
        if (deleted.isEmpty()) {
            return;
        }
        PodCondition condition = new PodConditionBuilder()
                .withType(PodStatusPatches.DISRUPTION_TARGET)
                .withStatus("True")
                .withReason(REASON_DELETION_BY_POD_GC)
                .withMessage(MESSAGE_NODE_GONE)
                .withLastTransitionTime(KubeTimes.time(now))
                .build();
        for (Pod pod : all) {
            if (deleted.contains(nodeName(pod))) {
                log.info(
                        "pod-gc: found orphaned pod {} assigned to deleted node {}; deleting",
                        ObjectKeys.keyOf(pod),
                        nodeName(pod));
                markFailedAndDelete(pod, condition);
            }
        }
    }

    /** The quarantined nodes whose quarantine is over and that the API server says are gone. */
    private Set<String> confirmDeletedNodes(Set<String> cachedNodes, Instant now) {
        Set<String> deleted = new HashSet<>();
        Iterator<Map.Entry<String, Instant>> entries = quarantined.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Instant> entry = entries.next();
            String node = entry.getKey();
            if (cachedNodes.contains(node)) {
                entries.remove();
                continue;
            }
            if (now.isBefore(entry.getValue().plus(properties.quarantine()))) {
                continue;
            }
            entries.remove();
            try {
                if (!Boolean.TRUE.equals(writes.nodeExists(node).block(timeout))) {
                    deleted.add(node);
                }
            } catch (RuntimeException e) {
                // Quarantined again on the next pass, as podgc does when the check fails.
                log.warn("pod-gc: could not check whether node {} exists: {}", node, e.getMessage());
            }
        }
        return deleted;
    }

    private void collectUnscheduledTerminating(List<Pod> all) {
        for (Pod pod : all) {
            if (pod.getMetadata().getDeletionTimestamp() != null
                    && nodeName(pod).isEmpty()) {
                log.info("pod-gc: pod {} is terminating but was never scheduled; deleting", ObjectKeys.keyOf(pod));
                markFailedAndDelete(pod, null);
            }
        }
    }

    /**
     * Patches a pod not yet terminal to Failed (with {@code condition} if given) and force-deletes
     * it. A pod already gone counts as done; other failures are logged and the next pass retries.
     */
    private void markFailedAndDelete(Pod pod, PodCondition condition) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            if (!isTerminated(pod)) {
                writes.markFailed(namespace, name, condition).block(timeout);
            }
            writes.forceDelete(namespace, name).block(timeout);
            log.info("pod-gc: force-deleted pod {}/{}", namespace, name);
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return;
            }
            log.warn("pod-gc: deleting pod {}/{} failed; retrying next pass: {}", namespace, name, e.getMessage());
        }
    }

    /** Evicted pods first (so normally finished ones are kept longer), then by age, then by name. */
    static final Comparator<Pod> EVICTED_THEN_OLDEST = Comparator.comparing((Pod pod) -> !isEvicted(pod))
            .thenComparing(pod -> Instant.parse(pod.getMetadata().getCreationTimestamp()))
            .thenComparing(pod -> pod.getMetadata().getName());

    static boolean isTerminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static boolean isEvicted(Pod pod) {
        return pod.getStatus() != null
                && "Failed".equals(pod.getStatus().getPhase())
                && "Evicted".equals(pod.getStatus().getReason());
    }

    private static String nodeName(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null ? "" : node;
    }
}
