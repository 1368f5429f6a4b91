package io.skiff.scheduler.plugins.noderesources;

import java.util.List;

/**
 * NodeResourcesFit's arguments, as in KubeSchedulerConfiguration: extended resources (or whole
 * resource groups, by domain) the filter ignores, and the scoring strategy.
 */
public record NodeResourcesFitArgs(
        List<String> ignoredResources, List<String> ignoredResourceGroups, ScoringStrategy scoringStrategy) {

    public NodeResourcesFitArgs {
        ignoredResources = ignoredResources == null ? List.of() : List.copyOf(ignoredResources);
        ignoredResourceGroups = ignoredResourceGroups == null ? List.of() : List.copyOf(ignoredResourceGroups);
        scoringStrategy = scoringStrategy == null ? ScoringStrategy.leastAllocated() : scoringStrategy;
    }

    public static NodeResourcesFitArgs defaults() {
        return new NodeResourcesFitArgs(null, null, null);
    }
}
