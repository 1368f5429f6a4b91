package io.skiff.scheduler.queue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.PodRequests;
import io.skiff.scheduler.framework.Resource;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an update changed, in the terms plugins register for (Kubernetes'
 * nodeSchedulingPropertiesChange and PodSchedulingPropertiesChange). A node update that changed
 * nothing the scheduler looks at (a heartbeat) yields no action at all.
 */
public final class ClusterEvents {

    private ClusterEvents() {}

    /** The scheduling-relevant changes between two versions of a node; empty when there are none. */
    public static Set<ActionType> nodeUpdateActions(Node oldNode, Node newNode) {
        Set<ActionType> actions = EnumSet.noneOf(ActionType.class);
        if (!Objects.equals(allocatable(oldNode), allocatable(newNode))) {
            actions.add(ActionType.UPDATE_NODE_ALLOCATABLE);
        }
        if (!Objects.equals(
                labels(oldNode.getMetadata().getLabels()),
                labels(newNode.getMetadata().getLabels()))) {
            actions.add(ActionType.UPDATE_NODE_LABEL);
        }
        if (!Objects.equals(taints(oldNode), taints(newNode)) || unschedulable(oldNode) != unschedulable(newNode)) {
            actions.add(ActionType.UPDATE_NODE_TAINT);
        }
        if (!conditionStatuses(oldNode).equals(conditionStatuses(newNode))) {
            actions.add(ActionType.UPDATE_NODE_CONDITION);
        }
        if (!Objects.equals(
                labels(oldNode.getMetadata().getAnnotations()),
                labels(newNode.getMetadata().getAnnotations()))) {
            actions.add(ActionType.UPDATE_NODE_ANNOTATION);
        }
        return actions;
    }

    /**
     * The scheduling-relevant changes between two versions of a pod; {@link ActionType#UPDATE_OTHER}
     * when none of the specific kinds applies.
     */
    public static Set<ActionType> podUpdateActions(Pod oldPod, Pod newPod) {
        Set<ActionType> actions = EnumSet.noneOf(ActionType.class);
        if (!Objects.equals(
                labels(oldPod.getMetadata().getLabels()),
                labels(newPod.getMetadata().getLabels()))) {
            actions.add(ActionType.UPDATE_POD_LABEL);
        }
        if (scaledDown(PodRequests.of(oldPod), PodRequests.of(newPod))) {
            actions.add(ActionType.UPDATE_POD_SCALE_DOWN);
        }
        if (hasGates(oldPod) && !hasGates(newPod)) {
            actions.add(ActionType.UPDATE_POD_SCHEDULING_GATES_ELIMINATED);
        }
        if (!Objects.equals(oldPod.getSpec().getTolerations(), newPod.getSpec().getTolerations())) {
            actions.add(ActionType.UPDATE_POD_TOLERATION);
        }
        if (actions.isEmpty()) {
            actions.add(ActionType.UPDATE_OTHER);
        }
        return actions;
    }

    private static boolean scaledDown(Resource before, Resource after) {
        if (after.milliCpu() < before.milliCpu()
                || after.memory() < before.memory()
                || after.ephemeralStorage() < before.ephemeralStorage()) {
            return true;
        }
        for (var scalar : before.scalarResources().entrySet()) {
            if (after.scalar(scalar.getKey()) < scalar.getValue()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasGates(Pod pod) {
        return pod.getSpec().getSchedulingGates() != null
                && !pod.getSpec().getSchedulingGates().isEmpty();
    }

    private static Resource allocatable(Node node) {
        return node.getStatus() == null
                ? Resource.ZERO
                : Resource.fromResourceList(node.getStatus().getAllocatable());
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    private static Object taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of()
                : node.getSpec().getTaints();
    }

    private static boolean unschedulable(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    /** Condition type to status, ignoring heartbeat and transition times, reasons and messages. */
    private static Map<String, String> conditionStatuses(Node node) {
        Map<String, String> statuses = new HashMap<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition condition : node.getStatus().getConditions()) {
                statuses.put(condition.getType(), condition.getStatus());
            }
        }
        return statuses;
    }
}
