package io.skiff.scheduler.framework;

import java.util.Set;

/**
 * The result of the whole PreFilter extension point: the merged status, the intersection of the
 * plugins' node narrowings (null for all nodes), and the plugins that rejected the pod or narrowed
 * the nodes (the events that can help the pod depend on them).
 */
public record PreFilterOutcome(Status status, Set<String> nodeNames, Set<String> unschedulablePlugins) {

    public PreFilterOutcome {
        nodeNames = nodeNames == null ? null : Set.copyOf(nodeNames);
        unschedulablePlugins = Set.copyOf(unschedulablePlugins);
    }

    public boolean allNodes() {
        return nodeNames == null;
    }
}
