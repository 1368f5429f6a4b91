package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The DisruptionAllowed condition of a budget (component-helpers' poddisruptionbudget helpers, and
 * meta.SetStatusCondition for how a condition changes).
 */
final class BudgetConditions {

    static final String DISRUPTION_ALLOWED = "DisruptionAllowed";
    static final String SUFFICIENT_PODS = "SufficientPods";
    static final String INSUFFICIENT_PODS = "InsufficientPods";
    static final String SYNC_FAILED = "SyncFailed";

    private BudgetConditions() {}

    /**
     * UpdateDisruptionAllowedCondition: True/SufficientPods while disruptions are allowed,
     * False/InsufficientPods otherwise, at the status' observedGeneration.
     */
    static void updateDisruptionAllowed(PodDisruptionBudgetStatus status, Instant now) {
        boolean allowed = status.getDisruptionsAllowed() != null && status.getDisruptionsAllowed() > 0;
        set(
                status,
                allowed ? "True" : "False",
                allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
                "",
                status.getObservedGeneration(),
                now);
    }

    /** The condition failSafe writes: False/SyncFailed with the error as message. */
    static void syncFailed(PodDisruptionBudgetStatus status, String message, Instant now) {
        set(status, "False", SYNC_FAILED, message, status.getObservedGeneration(), now);
    }

    /**
     * ConditionsAreUpToDate: the condition exists, the status observed the budget's generation, and
     * the condition agrees with disruptionsAllowed.
     */
    static boolean upToDate(PodDisruptionBudget budget) {
        PodDisruptionBudgetStatus status = budget.getStatus();
        if (status == null) {
            return false;
        }
        Optional<Condition> condition = find(status.getConditions());
        if (condition.isEmpty()
                || !Objects.equals(
                        status.getObservedGeneration(), budget.getMetadata().getGeneration())) {
            return false;
        }
        if (status.getDisruptionsAllowed() != null && status.getDisruptionsAllowed() > 0) {
            return "True".equals(condition.get().getStatus())
                    && SUFFICIENT_PODS.equals(condition.get().getReason());
        }
        return "False".equals(condition.get().getStatus())
                && INSUFFICIENT_PODS.equals(condition.get().getReason());
    }

    /** SetStatusCondition: the transition time moves only when the status changes. */
    private static void set(
            PodDisruptionBudgetStatus status,
            String conditionStatus,
            String reason,
            String message,
            Long observedGeneration,
            Instant now) {
        List<Condition> conditions = new ArrayList<>();
        if (status.getConditions() != null) {
            status.getConditions().forEach(c -> conditions.add(new ConditionBuilder(c).build()));
        }
        Optional<Condition> existing = find(conditions);
        String timestamp = KubeTimes.time(now);
        if (existing.isEmpty()) {
            conditions.add(new ConditionBuilder()
                    .withType(DISRUPTION_ALLOWED)
                    .withStatus(conditionStatus)
                    .withReason(reason)
                    .withMessage(message)
                    .withObservedGeneration(observedGeneration)
                    .withLastTransitionTime(timestamp)
                    .build());
        } else {
            Condition condition = existing.get();
            if (!conditionStatus.equals(condition.getStatus())) {
                condition.setStatus(conditionStatus);
                condition.setLastTransitionTime(timestamp);
            }
            condition.setReason(reason);
            condition.setMessage(message);
            condition.setObservedGeneration(observedGeneration);
        }
        status.setConditions(conditions);
    }

    private static Optional<Condition> find(List<Condition> conditions) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream()
                .filter(c -> DISRUPTION_ALLOWED.equals(c.getType()))
                .findFirst();
    }
}
