package io.skiff.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.model.selector.LabelSelector;
import io.skiff.scheduler.framework.PodInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One topology spread constraint read for one pod: its selector (matchLabelKeys merged in), and
 * the defaults of minDomains (1), nodeAffinityPolicy (Honor) and nodeTaintsPolicy (Ignore).
 */
record SpreadConstraint(
        int maxSkew,
        String topologyKey,
        LabelSelector selector,
        int minDomains,
        boolean honorNodeAffinity,
        boolean honorNodeTaints) {

    /** A key identifying the selector, so constraints sharing one count each node's pods once. */
    String selectorKey() {
        return selector.isNothing() ? "\0nothing" : selector.toString();
    }

    /**
     * Whether an existing pod counts for this constraint: same namespace as the incoming pod, not
     * terminating, and selected. A selector that selects everything counts nothing, as Kubernetes'
     * countPodsMatchSelector.
     */
    boolean counts(Pod existing, String namespace) {
        if (selector.isEverything() || existing.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        return Objects.equals(existing.getMetadata().getNamespace(), namespace)
                && selector.matches(existing.getMetadata().getLabels());
    }

    int countMatching(List<PodInfo> pods, String namespace) {
        int count = 0;
        for (PodInfo pod : pods) {
            if (counts(pod.pod(), namespace)) {
                count++;
            }
        }
        return count;
    }

    /** Whether every constraint's topology key is among the node's labels. */
    static boolean nodeHasAllKeys(Map<String, String> nodeLabels, List<SpreadConstraint> constraints) {
        for (SpreadConstraint constraint : constraints) {
            if (!nodeLabels.containsKey(constraint.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
