package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Runs once per pod before filtering: computes what the plugin's Filter needs into the {@link
 * CycleState}, may reject the pod outright, narrow the candidate nodes, or answer Skip when it has
 * nothing to check.
 */
public interface PreFilter extends Plugin {

    /**
     * @param nodes every node of the snapshot, for plugins that precompute over the cluster
     */
    PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes);

    /** Incremental updates of this plugin's state, if its state depends on other pods. */
    default Optional<PreFilterExtensions> preFilterExtensions() {
        return Optional.empty();
    }
}
