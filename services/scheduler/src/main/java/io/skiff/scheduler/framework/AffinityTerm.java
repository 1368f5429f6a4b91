package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.model.selector.LabelSelector;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A pod (anti-)affinity term read once: the namespaces it names (the pod's own when it names none
 * and has no namespace selector), its label selector, topology key and namespace selector.
 */
public record AffinityTerm(
        Set<String> namespaces, LabelSelector selector, String topologyKey, LabelSelector namespaceSelector) {

    public AffinityTerm {
        namespaces = Set.copyOf(namespaces);
    }

    /**
     * Whether {@code pod} is selected by this term: in one of its namespaces (or a namespace whose
     * labels the namespace selector matches) and carrying labels the selector matches.
     */
    public boolean matches(Pod pod, Map<String, String> namespaceLabels) {
        // a pod read without a namespace is in "" (as Go reads it), never null: Set.contains(null) throws
        String namespace = Objects.requireNonNullElse(pod.getMetadata().getNamespace(), "");
        if (namespaces.contains(namespace) || namespaceSelector.matches(namespaceLabels)) {
            return selector.matches(pod.getMetadata().getLabels());
        }
        return false;
    }
}
