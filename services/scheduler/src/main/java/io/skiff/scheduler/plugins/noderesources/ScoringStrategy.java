package io.skiff.scheduler.plugins.noderesources;

import java.util.List;

/**
 * How NodeResourcesFit scores nodes: {@code LeastAllocated} (spread), {@code MostAllocated} (bin
 * packing) or {@code RequestedToCapacityRatio} (a piecewise-linear function of utilization), over
 * weighted resources.
 *
 * @param requestedToCapacityRatio the function's shape, for RequestedToCapacityRatio only
 */
public record ScoringStrategy(
        String type, List<ResourceSpec> resources, RequestedToCapacityRatioParam requestedToCapacityRatio) {

    public static final String LEAST_ALLOCATED = "LeastAllocated";
    public static final String MOST_ALLOCATED = "MostAllocated";
    public static final String REQUESTED_TO_CAPACITY_RATIO = "RequestedToCapacityRatio";

    /** Kubernetes' default resources: cpu and memory, weight 1 each. */
    public static final List<ResourceSpec> DEFAULT_RESOURCES =
            List.of(new ResourceSpec("cpu", 1), new ResourceSpec("memory", 1));

    public ScoringStrategy {
        type = type == null || type.isEmpty() ? LEAST_ALLOCATED : type;
        resources = resources == null || resources.isEmpty() ? DEFAULT_RESOURCES : List.copyOf(resources);
    }

    /** RequestedToCapacityRatio's shape. */
    public record RequestedToCapacityRatioParam(List<UtilizationShapePoint> shape) {}

    public static ScoringStrategy leastAllocated() {
        return new ScoringStrategy(LEAST_ALLOCATED, DEFAULT_RESOURCES, null);
    }
}
