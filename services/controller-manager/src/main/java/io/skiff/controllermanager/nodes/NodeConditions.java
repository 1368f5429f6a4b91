package io.skiff.controllermanager.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Optional;

/** Reading a node's conditions and taints, as component-helpers' node util and taints helpers do. */
public final class NodeConditions {

    public static final String READY = "Ready";

    private NodeConditions() {}

    /** The condition of {@code type} in the node's status, if it has one. */
    public static Optional<NodeCondition> condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }

    /** Whether the node's Ready condition is True. */
    public static boolean isReady(Node node) {
        return condition(node, READY).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** The node's taints, never null. */
    public static List<Taint> taints(Node node) {
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        return taints == null ? List.of() : taints;
    }

    public static boolean hasTaintKey(Node node, String key) {
        return taints(node).stream().anyMatch(t -> key.equals(t.getKey()));
    }
}
