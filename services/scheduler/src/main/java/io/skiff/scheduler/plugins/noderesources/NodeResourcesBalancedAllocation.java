package io.skiff.scheduler.plugins.noderesources;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.PodRequests;
import io.skiff.scheduler.framework.PreScore;
import io.skiff.scheduler.framework.Score;
import io.skiff.scheduler.framework.StateData;
import io.skiff.scheduler.framework.StateKey;
import io.skiff.scheduler.framework.Status;
import java.util.List;

/**
 * Favours nodes whose resources would be used evenly after placing the pod (cpu and memory by
 * default): 100 × (1 − the standard deviation of the utilization fractions). Pods that request
 * none of the resources are not scored, so they do not all pile onto one node.
 */
public final class NodeResourcesBalancedAllocation implements PreScore, Score {

    private static final StateKey<Requests> PRE_SCORE_KEY =
            StateKey.of("PreScore" + Plugins.NODE_RESOURCES_BALANCED_ALLOCATION, Requests.class);

    private record Requests(long[] requests) implements StateData {
        @Override
        public StateData copy() {
            return this;
        }
    }

    private final ResourceAllocationScorer scorer;

    public NodeResourcesBalancedAllocation(NodeResourcesBalancedAllocationArgs args) {
        this.scorer = new ResourceAllocationScorer(args.resources(), true, Scorers::balanced);
    }

    @Override
    public String name() {
        return Plugins.NODE_RESOURCES_BALANCED_ALLOCATION;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        long[] requests = scorer.podRequests(PodRequests.of(pod), PodRequests.nonZero(pod));
        if (ResourceAllocationScorer.isBestEffort(requests)) {
            return Status.skip();
        }
        state.write(PRE_SCORE_KEY, new Requests(requests));
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        long[] requests = state.read(PRE_SCORE_KEY)
                .map(Requests::requests)
                .orElseGet(() -> scorer.podRequests(PodRequests.of(pod), PodRequests.nonZero(pod)));
        if (ResourceAllocationScorer.isBestEffort(requests)) {
            return 0;
        }
        return scorer.score(nodeInfo, requests);
    }
}
