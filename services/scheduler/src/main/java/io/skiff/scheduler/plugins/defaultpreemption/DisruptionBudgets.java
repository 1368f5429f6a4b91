package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.selector.SelectorException;
import io.skiff.scheduler.framework.PodInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Splits potential victims by whether evicting them would exceed a PodDisruptionBudget. */
final class DisruptionBudgets {

    private DisruptionBudgets() {}

    /** The split, each part in the order given. */
    record Split(List<PodInfo> violating, List<PodInfo> nonViolating) {}

    /**
     * Walks the victims in order, spending each matching budget's disruptionsAllowed: a victim that
     * takes a budget below zero violates it. Pods the budget already lists as disrupted do not spend
     * it again; budgets with an empty or invalid selector match nothing, as in Kubernetes.
     */
    static Split split(List<PodInfo> victims, List<PodDisruptionBudget> budgets) {
        int[] allowed = new int[budgets.size()];
        for (int i = 0; i < budgets.size(); i++) {
            PodDisruptionBudget budget = budgets.get(i);
            allowed[i] = budget.getStatus() == null || budget.getStatus().getDisruptionsAllowed() == null
                    ? 0
                    : budget.getStatus().getDisruptionsAllowed();
        }
        List<LabelSelector> selectors = new ArrayList<>(budgets.size());
        for (PodDisruptionBudget budget : budgets) {
            selectors.add(selectorOf(budget));
        }
        List<PodInfo> violating = new ArrayList<>();
        List<PodInfo> nonViolating = new ArrayList<>();
        for (PodInfo victim : victims) {
            Pod pod = victim.pod();
            Map<String, String> labels = pod.getMetadata().getLabels();
            boolean violates = false;
            if (labels != null && !labels.isEmpty()) {
                for (int i = 0; i < budgets.size(); i++) {
                    PodDisruptionBudget budget = budgets.get(i);
                    LabelSelector selector = selectors.get(i);
                    if (!Objects.equals(
                                    budget.getMetadata().getNamespace(),
                                    pod.getMetadata().getNamespace())
                            || selector.isEverything()
                            || !selector.matches(labels)
                            || alreadyDisrupted(budget, pod)) {
                        continue;
                    }
                    allowed[i]--;
                    if (allowed[i] < 0) {
                        violates = true;
                    }
                }
            }
            (violates ? violating : nonViolating).add(victim);
        }
        return new Split(violating, nonViolating);
    }

    private static LabelSelector selectorOf(PodDisruptionBudget budget) {
        try {
            return LabelSelector.fromApi(
                    budget.getSpec() == null ? null : budget.getSpec().getSelector());
        } catch (SelectorException invalid) {
            return LabelSelector.nothing();
        }
    }

    private static boolean alreadyDisrupted(PodDisruptionBudget budget, Pod pod) {
        return budget.getStatus() != null
                && budget.getStatus().getDisruptedPods() != null
                && budget.getStatus()
                        .getDisruptedPods()
                        .containsKey(pod.getMetadata().getName());
    }
}
