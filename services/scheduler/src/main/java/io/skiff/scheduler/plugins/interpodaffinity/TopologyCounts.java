package io.skiff.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.AffinityTerm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many matching pods (or matching terms) each topology domain holds. Entries that drop to zero
 * are removed, so "is empty" means "nothing matches anywhere", which the affinity filter relies on.
 */
final class TopologyCounts {

    private final Map<TopologyPair, Long> counts;

    TopologyCounts() {
        this.counts = new HashMap<>();
    }

    private TopologyCounts(Map<TopologyPair, Long> counts) {
        this.counts = counts;
    }

    TopologyCounts copy() {
        return new TopologyCounts(new HashMap<>(counts));
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    long get(String key, String value) {
        Long count = counts.get(new TopologyPair(key, value));
        return count == null ? 0 : count;
    }

    void addAll(TopologyCounts other) {
        other.counts.forEach((pair, count) -> add(pair, count));
    }

    /** Adds {@code delta} to the node's domain for {@code topologyKey}; nodes without that label have none. */
    void add(Node node, String topologyKey, long delta) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null || !labels.containsKey(topologyKey)) {
            return;
        }
        add(new TopologyPair(topologyKey, labels.get(topologyKey)), delta);
    }

    private void add(TopologyPair pair, long delta) {
        counts.compute(pair, (k, count) -> {
            long sum = (count == null ? 0 : count) + delta;
            return sum == 0 ? null : sum;
        });
    }

    /**
     * Counts {@code target} on {@code node} for each of the terms, if it matches all of them: a pod
     * satisfies a pod's required affinity only by matching every term.
     */
    void addAffinityMatch(List<AffinityTerm> terms, Pod target, Node node, long delta) {
        if (AffinityTerms.matchesAll(terms, target)) {
            for (AffinityTerm term : terms) {
                add(node, term.topologyKey(), delta);
            }
        }
    }

    /** Counts {@code target} on {@code node} once for each anti-affinity term it matches. */
    void addAntiAffinityMatches(
            List<AffinityTerm> terms, Pod target, Map<String, String> namespaceLabels, Node node, long delta) {
        for (AffinityTerm term : terms) {
            if (term.matches(target, namespaceLabels)) {
                add(node, term.topologyKey(), delta);
            }
        }
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
