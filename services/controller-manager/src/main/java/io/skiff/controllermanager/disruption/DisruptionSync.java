package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.selector.SelectorException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one PodDisruptionBudget (disruption.go sync and trySync): select its pods, work out
 * how many it expects and how many must stay healthy, count the healthy ones, prune
 * status.disruptedPods, and write the status (disruptionsAllowed and the DisruptionAllowed
 * condition) when it changed. If anything but a write conflict fails, the budget is failed safe:
 * disruptionsAllowed 0 with a SyncFailed condition, so evictions stop until a sync succeeds.
 */
final class DisruptionSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(DisruptionSync.class);

    private final Lister<PodDisruptionBudget> budgets;
    private final Lister<Pod> pods;
    private final ExpectedPods expectedPods;
    private final DisruptionWrites writes;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;

    DisruptionSync(
            Lister<PodDisruptionBudget> budgets,
            Lister<Pod> pods,
            ExpectedPods expectedPods,
            DisruptionWrites writes,
            EventRecorder events,
            Clock clock,
            Duration timeout) {
        this.budgets = budgets;
        this.pods = pods;
        this.expectedPods = expectedPods;
        this.writes = writes;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String key) {
        Optional<PodDisruptionBudget> budget = budgets.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (budget.isEmpty()) {
            return Result.done();
        }
        try {
            return trySync(budget.get()).map(Result::requeueAfter).orElse(Result.done());
        } catch (RuntimeException e) {
            if (ApiErrors.isConflict(e)) {
                // The budget changed (an eviction took a disruption): sync it again from the cache.
                throw e;
            }
            log.error("Failed to sync PDB {}", key, e);
            failSafe(budget.get(), e);
            return Result.done();
        }
    }

    /** @return when to look again because a disrupted pod's deletion timeout expires, if one does */
    private Optional<Duration> trySync(PodDisruptionBudget budget) {
        List<Pod> selected;
        try {
            selected = pods.list(
                    budget.getMetadata().getNamespace(),
                    LabelSelector.fromApi(budget.getSpec().getSelector()));
        } catch (SelectorException e) {
            events.event(budget, EventType.WARNING, "NoPods", "Failed to get pods: %s", e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (selected.isEmpty()) {
            events.event(budget, EventType.NORMAL, "NoPods", "No matching pods found");
        }
        ExpectedPods.Count count;
        try {
            count = expectedPods.count(budget.getSpec(), selected);
        } catch (RuntimeException e) {
            events.event(
                    budget,
                    EventType.WARNING,
                    "CalculateExpectedPodCountFailed",
                    "Failed to calculate the number of expected pods: %s",
                    e.getMessage());
            throw e;
        }
        if (!count.unmanagedPods().isEmpty()) {
            log.debug(
                    "Found unmanaged pods associated with PDB {}: {}", ObjectKeys.keyOf(budget), count.unmanagedPods());
            events.event(
                    budget,
                    EventType.WARNING,
                    "UnmanagedPods",
                    "Pods selected by this PodDisruptionBudget (selector: %s) were found "
                            + "to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, "
                            + "which may result in undefined behavior. To account for these pods please set "
                            + "\".spec.minAvailable\" field of the PDB to an integer value.",
                    GoSelectorText.of(budget.getSpec().getSelector()));
        }
        Instant now = clock.instant();
        Map<String, String> disrupted =
                budget.getStatus() == null ? null : budget.getStatus().getDisruptedPods();
        DisruptedPods.Pruned pruned = DisruptedPods.prune(disrupted, selected, now);
        for (Pod overdue : pruned.overdue()) {
            log.info(
                    "Pod {} was expected to be deleted but it wasn't, updating PDB {}",
                    ObjectKeys.keyOf(overdue),
                    ObjectKeys.keyOf(budget));
            events.event(
                    overdue,
                    EventType.WARNING,
                    "NotDeleted",
                    "Pod was expected by PDB %s/%s to be deleted but it wasn't",
                    budget.getMetadata().getNamespace(),
                    budget.getMetadata().getName());
        }
        int healthy = DisruptedPods.countHealthy(selected, pruned.kept(), now);
        updateStatus(budget, healthy, count, pruned.kept(), now);
        return pruned.recheckAt().map(at -> Duration.between(now, at));
    }

    private void updateStatus(
            PodDisruptionBudget budget,
            int currentHealthy,
            ExpectedPods.Count count,
            Map<String, String> disruptedPods,
            Instant now) {
        // A budget that expects no pods allows nothing, so pods that appear before this controller
        // sees them are protected.
        int allowed = currentHealthy - count.desiredHealthy();
        if (count.expected() <= 0 || allowed <= 0) {
            allowed = 0;
        }
        PodDisruptionBudgetStatus status =
                budget.getStatus() == null ? new PodDisruptionBudgetStatus() : budget.getStatus();
        Long generation = budget.getMetadata().getGeneration();
        if (orZero(status.getCurrentHealthy()) == currentHealthy
                && orZero(status.getDesiredHealthy()) == count.desiredHealthy()
                && orZero(status.getExpectedPods()) == count.expected()
                && orZero(status.getDisruptionsAllowed()) == allowed
                && sameDisruptedPods(status.getDisruptedPods(), disruptedPods)
                && Objects.equals(status.getObservedGeneration(), generation)
                && BudgetConditions.upToDate(budget)) {
            return;
        }
        PodDisruptionBudgetStatus updated = new PodDisruptionBudgetStatus();
        updated.setCurrentHealthy(currentHealthy);
        updated.setDesiredHealthy(count.desiredHealthy());
        updated.setExpectedPods(count.expected());
        updated.setDisruptionsAllowed(allowed);
        updated.setDisruptedPods(disruptedPods.isEmpty() ? null : disruptedPods);
        updated.setObservedGeneration(generation);
        updated.setConditions(status.getConditions());
        BudgetConditions.updateDisruptionAllowed(updated, now);
        writes.updateBudgetStatus(withStatus(budget, updated)).block(timeout);
    }

    /** failSafe: disruptionsAllowed 0 and a SyncFailed condition, the rest of the status as it was. */
    private void failSafe(PodDisruptionBudget budget, RuntimeException failure) {
        PodDisruptionBudgetStatus status = budget.getStatus() == null
                ? new PodDisruptionBudgetStatus()
                : new PodDisruptionBudgetBuilder(budget).build().getStatus();
        status.setDisruptionsAllowed(0);
        BudgetConditions.syncFailed(status, String.valueOf(failure.getMessage()), clock.instant());
        writes.updateBudgetStatus(withStatus(budget, status)).block(timeout);
    }

    private static PodDisruptionBudget withStatus(PodDisruptionBudget budget, PodDisruptionBudgetStatus status) {
        PodDisruptionBudget copy = new PodDisruptionBudgetBuilder(budget).build();
        copy.setStatus(status);
        return copy;
    }

    /** apiequality.Semantic.DeepEqual on the maps: no map and an empty one are the same. */
    private static boolean sameDisruptedPods(Map<String, String> current, Map<String, String> wanted) {
        Map<String, String> have = current == null ? Map.of() : current;
        return have.equals(wanted);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
