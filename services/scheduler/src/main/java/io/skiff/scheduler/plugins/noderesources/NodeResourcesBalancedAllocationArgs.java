package io.skiff.scheduler.plugins.noderesources;

import java.util.List;

/** NodeResourcesBalancedAllocation's arguments: the resources whose utilization it balances. */
public record NodeResourcesBalancedAllocationArgs(List<ResourceSpec> resources) {

    public NodeResourcesBalancedAllocationArgs {
        resources =
                resources == null || resources.isEmpty() ? ScoringStrategy.DEFAULT_RESOURCES : List.copyOf(resources);
    }

    public static NodeResourcesBalancedAllocationArgs defaults() {
        return new NodeResourcesBalancedAllocationArgs(null);
    }
}
