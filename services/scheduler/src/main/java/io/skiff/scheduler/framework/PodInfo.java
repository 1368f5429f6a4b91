package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.selector.SelectorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A pod together with what the scheduler derives from it once: its pod (anti-)affinity terms
 * parsed, and its resource requests. Immutable; the pod object must not be changed afterwards
 * (objects from informer caches never are).
 */
public final class PodInfo {

    private final Pod pod;
    private final List<AffinityTerm> requiredAffinityTerms;
    private final List<AffinityTerm> requiredAntiAffinityTerms;
    private final List<WeightedAffinityTerm> preferredAffinityTerms;
    private final List<WeightedAffinityTerm> preferredAntiAffinityTerms;
    private final String parseError;
    private final Resource requests;
    private final Resource nonZeroRequests;

    private PodInfo(Pod pod) {
        this.pod = pod;
        List<String> errors = new ArrayList<>();
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        if (affinity != null && affinity.getPodAffinity() != null) {
            requiredAffinityTerms =
                    terms(pod, affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), errors);
            preferredAffinityTerms = weighted(
                    pod, affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), errors);
        } else {
            requiredAffinityTerms = List.of();
            preferredAffinityTerms = List.of();
        }
        if (affinity != null && affinity.getPodAntiAffinity() != null) {
            requiredAntiAffinityTerms = terms(
                    pod, affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), errors);
            preferredAntiAffinityTerms = weighted(
                    pod, affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), errors);
        } else {
            requiredAntiAffinityTerms = List.of();
            preferredAntiAffinityTerms = List.of();
        }
        this.parseError = errors.isEmpty() ? null : String.join("; ", errors);
        this.requests = PodRequests.of(pod);
        this.nonZeroRequests = PodRequests.nonZero(pod);
    }

    /** Derives the pod's scheduling information. */
    public static PodInfo of(Pod pod) {
        return new PodInfo(pod);
    }

    public Pod pod() {
        return pod;
    }

    /** The pod's UID, the key the scheduler tracks pods by. */
    public String uid() {
        return pod.getMetadata().getUid();
    }

    public List<AffinityTerm> requiredAffinityTerms() {
        return requiredAffinityTerms;
    }

    public List<AffinityTerm> requiredAntiAffinityTerms() {
        return requiredAntiAffinityTerms;
    }

    public List<WeightedAffinityTerm> preferredAffinityTerms() {
        return preferredAffinityTerms;
    }

    public List<WeightedAffinityTerm> preferredAntiAffinityTerms() {
        return preferredAntiAffinityTerms;
    }

    /** Why an affinity term's selector could not be read, if one could not; such terms are left out. */
    public Optional<String> parseError() {
        return Optional.ofNullable(parseError);
    }

    /** Whether the pod declares pod affinity or anti-affinity of any kind. */
    public boolean hasAffinity() {
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return affinity != null && (affinity.getPodAffinity() != null || affinity.getPodAntiAffinity() != null);
    }

    /** The pod's requests ({@link PodRequests#of}). */
    public Resource requests() {
        return requests;
    }

    /** The pod's requests with defaults for missing cpu and memory ({@link PodRequests#nonZero}). */
    public Resource nonZeroRequests() {
        return nonZeroRequests;
    }

    @Override
    public String toString() {
        return "PodInfo{" + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + "}";
    }

    private static List<AffinityTerm> terms(Pod pod, List<PodAffinityTerm> terms, List<String> errors) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> parsed = new ArrayList<>(terms.size());
        for (PodAffinityTerm term : terms) {
            AffinityTerm read = read(pod, term, errors);
            if (read != null) {
                parsed.add(read);
            }
        }
        return List.copyOf(parsed);
    }

    private static List<WeightedAffinityTerm> weighted(
            Pod pod, List<WeightedPodAffinityTerm> terms, List<String> errors) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<WeightedAffinityTerm> parsed = new ArrayList<>(terms.size());
        for (WeightedPodAffinityTerm term : terms) {
            AffinityTerm read = read(pod, term.getPodAffinityTerm(), errors);
            if (read != null) {
                parsed.add(new WeightedAffinityTerm(read, term.getWeight() == null ? 0 : term.getWeight()));
            }
        }
        return List.copyOf(parsed);
    }

    private static AffinityTerm read(Pod pod, PodAffinityTerm term, List<String> errors) {
        if (term == null) {
            return null;
        }
        try {
            LabelSelector selector = LabelSelector.fromApi(term.getLabelSelector());
            LabelSelector namespaceSelector = LabelSelector.fromApi(term.getNamespaceSelector());
            Set<String> namespaces = new HashSet<>();
            if ((term.getNamespaces() == null || term.getNamespaces().isEmpty())
                    && term.getNamespaceSelector() == null) {
                namespaces.add(Objects.requireNonNullElse(pod.getMetadata().getNamespace(), ""));
            } else if (term.getNamespaces() != null) {
                namespaces.addAll(term.getNamespaces());
            }
            String topologyKey = term.getTopologyKey() == null ? "" : term.getTopologyKey();
            return new AffinityTerm(namespaces, selector, topologyKey, namespaceSelector);
        } catch (SelectorException e) {
            errors.add(e.getMessage());
            return null;
        }
    }
}
