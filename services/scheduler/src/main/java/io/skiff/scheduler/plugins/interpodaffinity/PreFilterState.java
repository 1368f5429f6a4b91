package io.skiff.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.AffinityTerm;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.StateData;
import java.util.List;
import java.util.Map;

/**
 * What PreFilter counted for one pod, per topology domain: existing pods whose required
 * anti-affinity matches the pod, existing pods matching all of the pod's required affinity terms,
 * and existing pods matching its required anti-affinity terms. Preemption's what-if updates work on
 * a {@link #copy()}.
 */
final class PreFilterState implements StateData {

    final Pod pod;
    final List<AffinityTerm> affinityTerms;
    final List<AffinityTerm> antiAffinityTerms;
    /** Labels of the pod's namespace, for the existing pods' namespace selectors; null when unknown. */
    final Map<String, String> namespaceLabels;

    final TopologyCounts existingAntiAffinityCounts;
    final TopologyCounts affinityCounts;
    final TopologyCounts antiAffinityCounts;

    PreFilterState(
            Pod pod,
            List<AffinityTerm> affinityTerms,
            List<AffinityTerm> antiAffinityTerms,
            Map<String, String> namespaceLabels,
            TopologyCounts existingAntiAffinityCounts,
            TopologyCounts affinityCounts,
            TopologyCounts antiAffinityCounts) {
        this.pod = pod;
        this.affinityTerms = affinityTerms;
        this.antiAffinityTerms = antiAffinityTerms;
        this.namespaceLabels = namespaceLabels;
        this.existingAntiAffinityCounts = existingAntiAffinityCounts;
        this.affinityCounts = affinityCounts;
        this.antiAffinityCounts = antiAffinityCounts;
    }

    /** Counts (delta 1) or uncounts (delta -1) {@code other} as if it were on {@code node}. */
    void update(PodInfo other, Node node, long delta) {
        existingAntiAffinityCounts.addAntiAffinityMatches(
                other.requiredAntiAffinityTerms(), pod, namespaceLabels, node, delta);
        affinityCounts.addAffinityMatch(affinityTerms, other.pod(), node, delta);
        // the incoming pod's terms have their namespace selectors resolved: no labels needed
        antiAffinityCounts.addAntiAffinityMatches(antiAffinityTerms, other.pod(), null, node, delta);
    }

    @Override
    public PreFilterState copy() {
        return new PreFilterState(
                pod,
                affinityTerms,
                antiAffinityTerms,
                namespaceLabels,
                existingAntiAffinityCounts.copy(),
                affinityCounts.copy(),
                antiAffinityCounts.copy());
    }
}
