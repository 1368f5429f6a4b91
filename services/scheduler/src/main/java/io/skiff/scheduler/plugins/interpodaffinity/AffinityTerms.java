package io.skiff.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.model.selector.LabelSelector;
import io.skiff.scheduler.framework.AffinityTerm;
import io.skiff.scheduler.framework.WeightedAffinityTerm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Matching helpers over the incoming pod's affinity terms, with their namespace selectors resolved. */
final class AffinityTerms {

    private AffinityTerms() {}

    /**
     * The incoming pod's terms with each namespace selector turned into the names of the namespaces
     * it selects, as Kubernetes' mergeAffinityTermNamespacesIfNotEmpty: then the terms can be
     * matched against pods of any namespace without looking up that namespace's labels. A selector
     * that selects everything stays as it is (it matches every namespace without a lookup).
     */
    static List<AffinityTerm> resolveNamespaces(List<AffinityTerm> terms, NamespaceLister namespaces) {
        if (terms.isEmpty()) {
            return terms;
        }
        List<AffinityTerm> resolved = new ArrayList<>(terms.size());
        for (AffinityTerm term : terms) {
            resolved.add(resolve(term, namespaces));
        }
        return List.copyOf(resolved);
    }

    static List<WeightedAffinityTerm> resolveWeightedNamespaces(
            List<WeightedAffinityTerm> terms, NamespaceLister namespaces) {
        if (terms.isEmpty()) {
            return terms;
        }
        List<WeightedAffinityTerm> resolved = new ArrayList<>(terms.size());
        for (WeightedAffinityTerm term : terms) {
            resolved.add(new WeightedAffinityTerm(resolve(term.term(), namespaces), term.weight()));
        }
        return List.copyOf(resolved);
    }

    private static AffinityTerm resolve(AffinityTerm term, NamespaceLister namespaces) {
        LabelSelector selector = term.namespaceSelector();
        if (selector.isEverything() || selector.isNothing()) {
            return term;
        }
        Set<String> names = new HashSet<>(term.namespaces());
        for (Namespace namespace : namespaces.list()) {
            if (selector.matches(namespace.getMetadata().getLabels())) {
                names.add(namespace.getMetadata().getName());
            }
        }
        return new AffinityTerm(names, term.selector(), term.topologyKey(), LabelSelector.nothing());
    }

    /** Whether the pod matches every term (false for no terms); terms must have resolved namespaces. */
    static boolean matchesAll(List<AffinityTerm> terms, Pod pod) {
        if (terms.isEmpty()) {
            return false;
        }
        for (AffinityTerm term : terms) {
            if (!term.matches(pod, null)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the pod matches any term; terms must have resolved namespaces. */
    static boolean matchesAny(List<AffinityTerm> terms, Pod pod) {
        for (AffinityTerm term : terms) {
            if (term.matches(pod, null)) {
                return true;
            }
        }
        return false;
    }

    /** The labels of the pod's namespace, or null when the namespace is unknown (selectors then match nothing). */
    static Map<String, String> namespaceLabels(Pod pod, NamespaceLister namespaces) {
        String name = pod.getMetadata().getNamespace();
        if (name == null) {
            return null;
        }
        return namespaces
                .get(name)
                .map(namespace -> namespace.getMetadata().getLabels() == null
                        ? Map.<String, String>of()
                        : Map.copyOf(namespace.getMetadata().getLabels()))
                .orElse(null);
    }
}
