package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.nodes.NodeConditions;
import io.skiff.controllermanager.pods.PodStatusPatches;
import io.skiff.model.scheduling.Taints;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Taint-based eviction of one pod (tainteviction's processPodOnNode): a pod on a node with NoExecute
 * taints it does not all tolerate is deleted at once; one that tolerates them all for a limited time
 * is deleted when the shortest tolerationSeconds has passed since its eviction was scheduled, unless
 * the taints go first. Keys are pod keys.
 */
final class TaintEvictionSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(TaintEvictionSync.class);

    static final String REASON = "TaintManagerEviction";
    static final String REASON_DELETION_BY_TAINT_MANAGER = "DeletionByTaintManager";
    static final String MESSAGE_DELETION = "Taint manager: deleting due to NoExecute taint";

    private final Lister<Pod> pods;
    private final Lister<Node> nodes;
    private final NodeLifecycleWrites writes;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;

    /** When each pending eviction was scheduled and when it is due. */
    private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();

    record Scheduled(Instant createdAt, Instant due) {}

    TaintEvictionSync(
            Lister<Pod> pods,
            Lister<Node> nodes,
            NodeLifecycleWrites writes,
            EventRecorder events,
            Clock clock,
            Duration timeout) {
        this.pods = pods;
        this.nodes = nodes;
        this.writes = writes;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
    }

    void reset() {
        scheduled.clear();
    }

    Optional<Scheduled> scheduledFor(String key) {
        return Optional.ofNullable(scheduled.get(key));
    }

    @Override
    public Result sync(String key) {
        Optional<Pod> cached = pods.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty() || cached.get().getMetadata().getDeletionTimestamp() != null) {
            scheduled.remove(key);
            return Result.done();
        }
        Pod pod = cached.get();
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        Optional<Node> node = nodeName == null || nodeName.isEmpty() ? Optional.empty() : nodes.get(nodeName);
        List<Taint> taints = node.map(n -> NodeTaints.withEffect(NodeConditions.taints(n), Taints.NO_EXECUTE))
                .orElse(List.of());
        if (taints.isEmpty()) {
            cancel(pod, key);
            return Result.done();
        }
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null
                ? List.of()
                : pod.getSpec().getTolerations();
        List<Toleration> used = new ArrayList<>();
        for (Taint taint : taints) {
            Optional<Toleration> match =
                    tolerations.stream().filter(t -> Taints.tolerates(t, taint)).findFirst();
            if (match.isEmpty()) {
                evict(pod, key);
                return Result.done();
            }
            used.add(match.get());
        }
        Optional<Duration> tolerated = minTolerationTime(used);
        if (tolerated.isEmpty()) {
            cancel(pod, key);
            return Result.done();
        }
        Instant now = clock.instant();
        Scheduled existing = scheduled.get(key);
        Instant createdAt = existing == null ? now : existing.createdAt();
        Instant due = createdAt.plus(tolerated.get());
        if (!now.isBefore(due)) {
            evict(pod, key);
            return Result.done();
        }
        scheduled.put(key, new Scheduled(createdAt, due));
        return Result.requeueAfter(Duration.between(now, due));
    }

    /** The shortest tolerationSeconds (negative counts as 0); empty when every toleration is forever. */
    static Optional<Duration> minTolerationTime(List<Toleration> tolerations) {
        Long min = null;
        for (Toleration toleration : tolerations) {
            if (toleration.getTolerationSeconds() != null) {
                long seconds = Math.max(0, toleration.getTolerationSeconds());
                min = min == null ? seconds : Math.min(min, seconds);
            }
        }
        return Optional.ofNullable(min).map(Duration::ofSeconds);
    }

    private void cancel(Pod pod, String key) {
        if (scheduled.remove(key) != null) {
            events.event(pod, EventType.NORMAL, REASON, "Cancelling deletion of Pod %s", key);
        }
    }

    private void evict(Pod pod, String key) {
        scheduled.remove(key);
        events.event(pod, EventType.NORMAL, REASON, "Marking for deletion Pod %s", key);
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            writes.patchPodCondition(
                            namespace,
                            name,
                            new PodConditionBuilder()
                                    .withType(PodStatusPatches.DISRUPTION_TARGET)
                                    .withStatus("True")
                                    .withReason(REASON_DELETION_BY_TAINT_MANAGER)
                                    .withMessage(MESSAGE_DELETION)
                                    .withLastTransitionTime(KubeTimes.time(clock.instant()))
                                    .build())
                    .block(timeout);
            writes.deletePod(namespace, name).block(timeout);
            log.info("taint-eviction: deleted pod {}: its node has NoExecute taints it does not tolerate", key);
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
    }
}
