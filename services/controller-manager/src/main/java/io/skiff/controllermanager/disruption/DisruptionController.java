package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.selector.SelectorException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The disruption controller's workers, run only while this controller manager leads: a budget is
 * synced when it changes and when a pod it selects appears, changes or goes; pods with a True
 * DisruptionTarget condition but no deletion are queued on a second loop that resets the condition
 * once it is stale.
 */
public final class DisruptionController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its queue. */
    public static final String NAME = "disruption";

    private final SharedIndexInformer<PodDisruptionBudget> budgets;
    private final EventRecorder events;
    private final Clock clock;
    private final LeaderControllerLoop budgetLoop;
    private final LeaderControllerLoop stalePodLoop;

    DisruptionController(
            SharedIndexInformer<PodDisruptionBudget> budgets,
            SharedIndexInformer<Pod> pods,
            List<SharedIndexInformer<?>> scaleInformers,
            DisruptionSync sync,
            StaleDisruptionTargets staleTargets,
            EventRecorder events,
            Clock clock,
            MeterRegistry registry) {
        this.budgets = budgets;
        this.events = events;
        this.clock = clock;
        List<SharedIndexInformer<?>> informers = new ArrayList<>(List.of(budgets, pods));
        informers.addAll(scaleInformers);
        // One worker for each queue, as kube-controller-manager runs them.
        this.budgetLoop = new LeaderControllerLoop(
                NAME,
                sync,
                informers,
                () -> budgets.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                1);
        this.stalePodLoop = new LeaderControllerLoop(
                "stale_pod_disruption",
                staleTargets,
                List.of(pods),
                () -> pods.lister().list(LabelSelector.everything()).stream()
                        .filter(pod -> StaleDisruptionTargets.untilStale(pod, clock.instant())
                                .isPresent())
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                1);
        budgets.addEventHandler(ResourceEventHandler.enqueueingKeys(budgetLoop::enqueue));
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueueBudgetsOf(pod);
                enqueueIfDisruptionTargetMayGoStale(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                enqueueBudgetsOf(newPod);
                if (!Objects.equals(
                        oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())) {
                    // A budget the pod left must count it out.
                    enqueueBudgetsOf(oldPod);
                }
                enqueueIfDisruptionTargetMayGoStale(newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                enqueueBudgetsOf(pod);
            }
        });
    }

    private void enqueueBudgetsOf(Pod pod) {
        Set<String> keys = new LinkedHashSet<>();
        for (PodDisruptionBudget budget :
                budgets.lister().list(pod.getMetadata().getNamespace(), LabelSelector.everything())) {
            if (selects(budget, pod)) {
                keys.add(ObjectKeys.keyOf(budget));
            }
        }
        if (keys.size() > 1 && budgetLoop.running()) {
            String first = ObjectKeys.nameOf(keys.iterator().next());
            events.event(
                    pod,
                    EventType.WARNING,
                    "MultiplePodDisruptionBudgets",
                    "Pod \"%s\"/\"%s\" matches multiple PodDisruptionBudgets.  Chose \"%s\" arbitrarily.",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    first);
        }
        keys.forEach(budgetLoop::enqueue);
    }

    /** The policy/v1 lister's matching: an empty selector selects every pod, an invalid one none. */
    static boolean selects(PodDisruptionBudget budget, Pod pod) {
        try {
            return LabelSelector.fromApi(budget.getSpec().getSelector())
                    .matches(pod.getMetadata().getLabels());
        } catch (SelectorException e) {
            return false;
        }
    }

    private void enqueueIfDisruptionTargetMayGoStale(Pod pod) {
        StaleDisruptionTargets.untilStale(pod, clock.instant())
                .ifPresent(delay -> stalePodLoop.enqueueAfter(ObjectKeys.keyOf(pod), delay));
    }

    @Override
    public void start() {
        budgetLoop.start();
        stalePodLoop.start();
    }

    @Override
    public void stop() {
        stalePodLoop.stop();
        budgetLoop.stop();
    }
}
