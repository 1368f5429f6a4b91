package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.nodes.NodeConditions;
import io.skiff.model.scheduling.Taints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node's NoSchedule taints brought in line with its conditions (nodelifecycle's
 * doNoScheduleTaintingPass): not-ready or unreachable by Ready, the pressure taints by their
 * conditions, unschedulable by spec.unschedulable. Keys are node names.
 */
final class NoScheduleTaintSync implements Reconciler<String> {

    /** Condition type and status to the taint they call for (nodeConditionToTaintKeyStatusMap). */
    private static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
            "Ready", Map.of("False", Taints.NODE_NOT_READY, "Unknown", Taints.NODE_UNREACHABLE),
            "MemoryPressure", Map.of("True", Taints.NODE_MEMORY_PRESSURE),
            "DiskPressure", Map.of("True", Taints.NODE_DISK_PRESSURE),
            "NetworkUnavailable", Map.of("True", Taints.NODE_NETWORK_UNAVAILABLE),
            "PIDPressure", Map.of("True", Taints.NODE_PID_PRESSURE));

    static final List<String> MANAGED = List.of(
            Taints.NODE_NOT_READY,
            Taints.NODE_UNREACHABLE,
            Taints.NODE_MEMORY_PRESSURE,
            Taints.NODE_DISK_PRESSURE,
            Taints.NODE_NETWORK_UNAVAILABLE,
            Taints.NODE_PID_PRESSURE,
            Taints.NODE_UNSCHEDULABLE);

    private final Lister<Node> nodes;
    private final NodeLifecycleWrites writes;
    private final Duration timeout;

    NoScheduleTaintSync(Lister<Node> nodes, NodeLifecycleWrites writes, Duration timeout) {
        this.nodes = nodes;
        this.writes = writes;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String name) {
        Optional<Node> cached = nodes.get(name);
        if (cached.isEmpty()) {
            return Result.done();
        }
        Node node = cached.get();
        List<String> wanted = wantedKeys(node);
        List<Taint> taints = NodeConditions.taints(node);
        List<String> present = NodeTaints.withEffect(taints, Taints.NO_SCHEDULE).stream()
                .map(Taint::getKey)
                .filter(MANAGED::contains)
                .toList();
        if (present.size() == wanted.size() && present.containsAll(wanted)) {
            return Result.done();
        }
        List<Taint> updated = new ArrayList<>(NodeTaints.without(taints, Taints.NO_SCHEDULE, MANAGED));
        wanted.forEach(key -> updated.add(NodeTaints.noSchedule(key)));
        writes.setTaints(node, updated).block(timeout);
        return Result.done();
    }

    static List<String> wantedKeys(Node node) {
        List<String> keys = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            node.getStatus().getConditions().forEach(condition -> {
                Map<String, String> byStatus = CONDITION_TAINTS.get(condition.getType());
                if (byStatus != null && byStatus.containsKey(condition.getStatus())) {
                    keys.add(byStatus.get(condition.getStatus()));
                }
            });
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            keys.add(Taints.NODE_UNSCHEDULABLE);
        }
        return keys;
    }
}
