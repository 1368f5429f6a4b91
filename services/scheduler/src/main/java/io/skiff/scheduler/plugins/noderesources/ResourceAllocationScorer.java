package io.skiff.scheduler.plugins.noderesources;

import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Resource;
import io.skiff.scheduler.framework.ResourceNames;
import java.util.List;

/**
 * What NodeResourcesFit scoring and BalancedAllocation share, as Kubernetes' resourceAllocationScorer:
 * the pod's request and the node's allocatable and requested amounts per configured resource, with
 * either the real requests or the "non-zero" ones (missing cpu/memory requests counted as
 * 100m/200Mi) so that pods declaring nothing still spread.
 */
final class ResourceAllocationScorer {

    private final List<ResourceSpec> resources;
    private final boolean useRequested;
    private final ResourceScorer scorer;

    ResourceAllocationScorer(List<ResourceSpec> resources, boolean useRequested, ResourceScorer scorer) {
        this.resources = List.copyOf(resources);
        this.useRequested = useRequested;
        this.scorer = scorer;
    }

    List<ResourceSpec> resources() {
        return resources;
    }

    /** The pod's request of each configured resource, in configuration order. */
    long[] podRequests(Resource requested, Resource nonZeroRequested) {
        long[] requests = new long[resources.size()];
        for (int i = 0; i < requests.length; i++) {
            String name = resources.get(i).name();
            boolean cpuOrMemory = name.equals(ResourceNames.CPU) || name.equals(ResourceNames.MEMORY);
            Resource source = !useRequested && cpuOrMemory ? nonZeroRequested : requested;
            requests[i] = source.get(name);
        }
        return requests;
    }

    long score(NodeInfo nodeInfo, long[] podRequests) {
        long[] requested = new long[resources.size()];
        long[] allocatable = new long[resources.size()];
        Resource nodeRequested = useRequested ? nodeInfo.requested() : nodeInfo.nonZeroRequested();
        for (int i = 0; i < requested.length; i++) {
            String name = resources.get(i).name();
            long podRequest = podRequests[i];
            // an extended resource the pod does not ask for must not sway the score
            if (podRequest == 0 && ResourceNames.isScalar(name)) {
                continue;
            }
            switch (name) {
                case ResourceNames.CPU -> {
                    allocatable[i] = nodeInfo.allocatable().milliCpu();
                    requested[i] = nodeRequested.milliCpu() + podRequest;
                }
                case ResourceNames.MEMORY -> {
                    allocatable[i] = nodeInfo.allocatable().memory();
                    requested[i] = nodeRequested.memory() + podRequest;
                }
                case ResourceNames.EPHEMERAL_STORAGE -> {
                    allocatable[i] = nodeInfo.allocatable().ephemeralStorage();
                    requested[i] = nodeInfo.requested().ephemeralStorage() + podRequest;
                }
                default -> {
                    if (nodeInfo.allocatable().scalarResources().containsKey(name)) {
                        allocatable[i] = nodeInfo.allocatable().scalar(name);
                        requested[i] = nodeInfo.requested().scalar(name) + podRequest;
                    }
                }
            }
        }
        return scorer.score(requested, allocatable);
    }

    /** Whether the pod requests none of the configured resources. */
    static boolean isBestEffort(long[] podRequests) {
        for (long request : podRequests) {
            if (request != 0) {
                return false;
            }
        }
        return true;
    }
}
