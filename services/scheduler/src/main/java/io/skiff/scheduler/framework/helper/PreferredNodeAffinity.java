package io.skiff.scheduler.framework.helper;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.skiff.model.scheduling.NodeSelectorTerm;
import java.util.ArrayList;
import java.util.List;

/**
 * Preferred node affinity terms: a node scores the sum of the weights of the terms it matches.
 * Terms with weight 0 or no requirements are ignored (Kubernetes' PreferredSchedulingTerms).
 */
public final class PreferredNodeAffinity {

    private record WeightedTerm(NodeSelectorTerm term, int weight) {}

    private final List<WeightedTerm> terms;

    private PreferredNodeAffinity(List<WeightedTerm> terms) {
        this.terms = terms;
    }

    /**
     * Parses the terms.
     *
     * @throws IllegalArgumentException listing the invalid terms, as Kubernetes refuses them all
     */
    public static PreferredNodeAffinity parse(List<PreferredSchedulingTerm> preferred) {
        List<WeightedTerm> parsed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (preferred != null) {
            for (PreferredSchedulingTerm term : preferred) {
                int weight = term.getWeight() == null ? 0 : term.getWeight();
                if (weight == 0 || term.getPreference() == null || NodeSelectorTerm.isEmpty(term.getPreference())) {
                    continue;
                }
                try {
                    parsed.add(new WeightedTerm(NodeSelectorTerm.parse(term.getPreference()), weight));
                } catch (IllegalArgumentException e) {
                    errors.add("preference: " + e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new PreferredNodeAffinity(List.copyOf(parsed));
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** The sum of the weights of the terms the node matches. */
    public long score(Node node) {
        long score = 0;
        for (WeightedTerm term : terms) {
            if (term.term().matches(node)) {
                score += term.weight();
            }
        }
        return score;
    }
}
