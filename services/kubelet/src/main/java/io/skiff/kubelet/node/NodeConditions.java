package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.skiff.model.json.KubeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node conditions the kubelet sets, as Kubernetes' nodestatus setters do: MemoryPressure,
 * DiskPressure and PIDPressure from the eviction signals, then Ready. Every condition gets the new
 * heartbeat time; a status change moves lastTransitionTime and yields the node Event Kubernetes
 * records (NodeHasSufficientMemory, NodeReady, ...).
 */
public final class NodeConditions {

    public static final String READY = "Ready";
    static final String MEMORY_PRESSURE = "MemoryPressure";
    static final String DISK_PRESSURE = "DiskPressure";
    static final String PID_PRESSURE = "PIDPressure";

    private NodeConditions() {}

    /**
     * What the conditions are based on.
     *
     * @param memoryPressure available memory is below the eviction threshold
     * @param diskPressure free space on the kubelet's file system is below the eviction threshold
     * @param pidPressure available PIDs are below the eviction threshold
     * @param notReadyReasons why the kubelet is not ready (the runtime does not answer, ...); empty when ready
     */
    public record Readings(
            boolean memoryPressure, boolean diskPressure, boolean pidPressure, List<String> notReadyReasons) {}

    /**
     * @param conditions the conditions to report
     * @param events the node Events the transitions call for (NodeHasSufficientMemory, NodeReady, ...)
     */
    public record Update(List<NodeCondition> conditions, List<String> events) {}

    public static Update update(List<NodeCondition> previous, Readings readings, String now) {
        List<NodeCondition> conditions = new ArrayList<>();
        List<String> events = new ArrayList<>();
        conditions.add(pressure(
                previous,
                MEMORY_PRESSURE,
                readings.memoryPressure(),
                new Wording(
                        "KubeletHasInsufficientMemory",
                        "kubelet has insufficient memory available",
                        "NodeHasInsufficientMemory"),
                new Wording(
                        "KubeletHasSufficientMemory",
                        "kubelet has sufficient memory available",
                        "NodeHasSufficientMemory"),
                now,
                events));
        conditions.add(pressure(
                previous,
                DISK_PRESSURE,
                readings.diskPressure(),
                new Wording("KubeletHasDiskPressure", "kubelet has disk pressure", "NodeHasDiskPressure"),
                new Wording("KubeletHasNoDiskPressure", "kubelet has no disk pressure", "NodeHasNoDiskPressure"),
                now,
                events));
        conditions.add(pressure(
                previous,
                PID_PRESSURE,
                readings.pidPressure(),
                new Wording(
                        "KubeletHasInsufficientPID",
                        "kubelet has insufficient PID available",
                        "NodeHasInsufficientPID"),
                new Wording("KubeletHasSufficientPID", "kubelet has sufficient PID available", "NodeHasSufficientPID"),
                now,
                events));
        conditions.add(ready(previous, readings.notReadyReasons(), now, events));
        return new Update(conditions, events);
    }

    private record Wording(String reason, String message, String event) {}

    private static NodeCondition pressure(
            List<NodeCondition> previous,
            String type,
            boolean underPressure,
            Wording pressure,
            Wording fine,
            String now,
            List<String> events) {
        NodeCondition condition = find(previous, type).map(NodeConditions::copy).orElseGet(() -> {
            NodeCondition created = new NodeCondition();
            created.setType(type);
            created.setStatus("Unknown");
            return created;
        });
        condition.setLastHeartbeatTime(now);
        Wording wording = underPressure ? pressure : fine;
        String status = underPressure ? "True" : "False";
        if (!status.equals(condition.getStatus())) {
            condition.setStatus(status);
            condition.setReason(wording.reason());
            condition.setMessage(wording.message());
            condition.setLastTransitionTime(now);
            events.add(wording.event());
        }
        return condition;
    }

    private static NodeCondition ready(
            List<NodeCondition> previous, List<String> notReadyReasons, String now, List<String> events) {
        NodeCondition condition = new NodeCondition();
        condition.setType(READY);
        condition.setLastHeartbeatTime(now);
        if (notReadyReasons.isEmpty()) {
            condition.setStatus("True");
            condition.setReason("KubeletReady");
            condition.setMessage("kubelet is posting ready status");
        } else {
            condition.setStatus("False");
            condition.setReason("KubeletNotReady");
            condition.setMessage(
                    notReadyReasons.size() == 1
                            ? notReadyReasons.get(0)
                            : "[" + String.join(", ", notReadyReasons) + "]");
        }
        Optional<NodeCondition> before = find(previous, READY);
        if (before.isPresent() && before.get().getStatus().equals(condition.getStatus())) {
            condition.setLastTransitionTime(before.get().getLastTransitionTime());
        } else {
            condition.setLastTransitionTime(now);
            if (before.isPresent()) {
                events.add("True".equals(condition.getStatus()) ? "NodeReady" : "NodeNotReady");
            }
        }
        return condition;
    }

    /** Whether the conditions differ other than in their heartbeat times (nodeConditionsHaveChanged). */
    static boolean changed(List<NodeCondition> before, List<NodeCondition> after) {
        if (before == null || after == null || before.size() != after.size()) {
            return true;
        }
        for (NodeCondition condition : after) {
            Optional<NodeCondition> old = find(before, condition.getType());
            if (old.isEmpty()) {
                return true;
            }
            NodeCondition a = copy(old.get());
            NodeCondition b = copy(condition);
            a.setLastHeartbeatTime(null);
            b.setLastHeartbeatTime(null);
            if (!KubeJson.mapper().valueToTree(a).equals(KubeJson.mapper().valueToTree(b))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<NodeCondition> find(List<NodeCondition> conditions, String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static NodeCondition copy(NodeCondition condition) {
        return new NodeCondition(
                condition.getLastHeartbeatTime(),
                condition.getLastTransitionTime(),
                condition.getMessage(),
                condition.getReason(),
                condition.getStatus(),
                condition.getType());
    }
}
