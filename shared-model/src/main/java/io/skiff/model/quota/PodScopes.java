package io.skiff.model.quota;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.skiff.model.selector.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Whether a pod falls in a quota scope (the pod evaluator's podMatchesScopeFunc). */
public final class PodScopes {

    public static final String TERMINATING = "Terminating";
    public static final String NOT_TERMINATING = "NotTerminating";
    public static final String BEST_EFFORT = "BestEffort";
    public static final String NOT_BEST_EFFORT = "NotBestEffort";
    public static final String PRIORITY_CLASS = "PriorityClass";
    public static final String CROSS_NAMESPACE_POD_AFFINITY = "CrossNamespacePodAffinity";

    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");
    private static final Set<String> QOS_COMPUTE_RESOURCES = Set.of("cpu", "memory");

    private PodScopes() {}

    public static boolean matches(ScopedResourceSelectorRequirement scope, Pod pod) throws ScopeException {
        return switch (scope.getScopeName()) {
            case TERMINATING -> isTerminating(pod);
            case NOT_TERMINATING -> !isTerminating(pod);
            case BEST_EFFORT -> isBestEffort(pod);
            case NOT_BEST_EFFORT -> !isBestEffort(pod);
            case PRIORITY_CLASS ->
                "Exists".equals(scope.getOperator())
                        ? priorityClass(pod) != null && !priorityClass(pod).isEmpty()
                        : matchesPriorityClass(scope, pod);
            case CROSS_NAMESPACE_POD_AFFINITY -> usesCrossNamespacePodAffinity(pod);
            default -> false;
        };
    }

    /** The facts scopes look at, so a pod update that changes none of them needs no recount. */
    public static List<Object> facts(Pod pod) {
        return List.of(
                isTerminating(pod),
                isBestEffort(pod),
                String.valueOf(priorityClass(pod)),
                usesCrossNamespacePodAffinity(pod));
    }

    /** A pod with a non-negative activeDeadlineSeconds is one that ends by itself. */
    public static boolean isTerminating(Pod pod) {
        Long deadline = pod.getSpec() == null ? null : pod.getSpec().getActiveDeadlineSeconds();
        return deadline != null && deadline >= 0;
    }

    /**
     * qos.GetPodQOS == BestEffort: the status' qosClass when the API server set it, else no
     * container (app or init) requests or limits any cpu or memory.
     */
    public static boolean isBestEffort(Pod pod) {
        String qosClass = pod.getStatus() == null ? null : pod.getStatus().getQosClass();
        if (qosClass != null && !qosClass.isEmpty()) {
            return "BestEffort".equals(qosClass);
        }
        if (pod.getSpec() == null) {
            return true;
        }
        return Stream.concat(
                        orEmpty(pod.getSpec().getContainers()),
                        orEmpty(pod.getSpec().getInitContainers()))
                .filter(container -> container.getResources() != null)
                .noneMatch(
                        container -> anyPositiveCompute(container.getResources().getRequests())
                                || anyPositiveCompute(container.getResources().getLimits()));
    }

    private static boolean anyPositiveCompute(Map<String, Quantity> list) {
        if (list == null) {
            return false;
        }
        return list.entrySet().stream()
                .anyMatch(e -> QOS_COMPUTE_RESOURCES.contains(e.getKey())
                        && e.getValue() != null
                        && ResourceAmount.of(e.getValue()).value().signum() > 0);
    }

    private static String priorityClass(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getPriorityClassName();
    }

    /**
     * podMatchesSelector: the scope requirement as a label requirement on the key "PriorityClass"
     * against a pod that carries its priorityClassName under that key (or nothing without one).
     */
    private static boolean matchesPriorityClass(ScopedResourceSelectorRequirement scope, Pod pod)
            throws ScopeException {
        if (!OPERATORS.contains(scope.getOperator())) {
            throw new ScopeException(String.format(
                    "failed to parse and convert selector: \"%s\" is not a valid scope selector operator",
                    scope.getOperator()));
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.fromApi(new LabelSelectorBuilder()
                    .withMatchExpressions(new LabelSelectorRequirementBuilder()
                            .withKey(scope.getScopeName())
                            .withOperator(scope.getOperator())
                            .withValues(scope.getValues())
                            .build())
                    .build());
        } catch (IllegalArgumentException e) {
            throw new ScopeException("failed to parse and convert selector: " + e.getMessage());
        }
        String priorityClass = priorityClass(pod);
        Map<String, String> labels =
                priorityClass == null || priorityClass.isEmpty() ? Map.of() : Map.of(PRIORITY_CLASS, priorityClass);
        return selector.matches(labels);
    }

    /** A pod (anti-)affinity term that names namespaces or selects them. */
    public static boolean usesCrossNamespacePodAffinity(Pod pod) {
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        if (affinity == null) {
            return false;
        }
        Stream<PodAffinityTerm> terms = Stream.empty();
        if (affinity.getPodAffinity() != null) {
            terms = Stream.concat(
                    terms,
                    terms(
                            affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
                            affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()));
        }
        if (affinity.getPodAntiAffinity() != null) {
            terms = Stream.concat(
                    terms,
                    terms(
                            affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
                            affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()));
        }
        return terms.anyMatch(
                term -> (term.getNamespaces() != null && !term.getNamespaces().isEmpty())
                        || term.getNamespaceSelector() != null);
    }

    private static Stream<PodAffinityTerm> terms(
            List<PodAffinityTerm> required, List<WeightedPodAffinityTerm> preferred) {
        return Stream.concat(
                orEmpty(required),
                orEmpty(preferred)
                        .map(WeightedPodAffinityTerm::getPodAffinityTerm)
                        .filter(t -> t != null));
    }

    private static <T> Stream<T> orEmpty(List<T> list) {
        return list == null ? Stream.empty() : list.stream();
    }
}
