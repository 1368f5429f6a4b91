package io.skiff.scheduler.plugins.podtopologyspread;

import io.skiff.scheduler.framework.StateData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What PreFilter counted for the pod's hard constraints, per constraint: matching pods per domain
 * value, the two least loaded domains, and the number of eligible domains (which AddPod and
 * RemovePod do not change).
 */
final class PreFilterState implements StateData {

    final List<SpreadConstraint> constraints;
    final List<Map<String, Integer>> matchCounts;
    final CriticalPaths[] criticalPaths;
    final int[] domains;

    PreFilterState(
            List<SpreadConstraint> constraints,
            List<Map<String, Integer>> matchCounts,
            CriticalPaths[] criticalPaths,
            int[] domains) {
        this.constraints = constraints;
        this.matchCounts = matchCounts;
        this.criticalPaths = criticalPaths;
        this.domains = domains;
    }

    /**
     * The global minimum the skew is measured against: the least loaded domain, or 0 while fewer
     * domains than the constraint's minDomains are eligible.
     */
    int minMatchCount(int constraint) {
        if (domains[constraint] < constraints.get(constraint).minDomains()) {
            return 0;
        }
        return criticalPaths[constraint].minCount();
    }

    int matchCount(int constraint, String value) {
        return matchCounts.get(constraint).getOrDefault(value, 0);
    }

    void add(int constraint, String value, int delta) {
        int count = matchCounts.get(constraint).merge(value, delta, Integer::sum);
        criticalPaths[constraint].update(value, count);
    }

    @Override
    public PreFilterState copy() {
        List<Map<String, Integer>> counts = new ArrayList<>(matchCounts.size());
        CriticalPaths[] paths = new CriticalPaths[criticalPaths.length];
        for (int i = 0; i < criticalPaths.length; i++) {
            counts.add(new HashMap<>(matchCounts.get(i)));
            paths[i] = criticalPaths[i].copy();
        }
        return new PreFilterState(constraints, counts, paths, domains);
    }
}
