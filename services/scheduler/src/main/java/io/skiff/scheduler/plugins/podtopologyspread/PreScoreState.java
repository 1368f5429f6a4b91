package io.skiff.scheduler.plugins.podtopologyspread;

import io.skiff.scheduler.framework.StateData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What PreScore computed for the pod's soft constraints: per constraint, matching pods per domain
 * value of the feasible nodes (host-level counts are taken in Score), the normalising weight of the
 * constraint's topology, and the feasible nodes left out of scoring for lacking a topology key.
 * Not changed after PreScore.
 */
final class PreScoreState implements StateData {

    final List<SpreadConstraint> constraints;
    final Set<String> ignoredNodes;
    final List<Map<String, AtomicLong>> podCounts;
    final double[] topologyWeights;

    PreScoreState(
            List<SpreadConstraint> constraints,
            Set<String> ignoredNodes,
            List<Map<String, AtomicLong>> podCounts,
            double[] topologyWeights) {
        this.constraints = constraints;
        this.ignoredNodes = ignoredNodes;
        this.podCounts = podCounts;
        this.topologyWeights = topologyWeights;
    }

    @Override
    public PreScoreState copy() {
        return this;
    }
}
