package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns StatefulSet and pod notifications into StatefulSet keys (stateful_set.go's handlers). No
 * API calls and no syncing happen here.
 */
final class StatefulSetEventHandlers {

    private final Lister<StatefulSet> sets;
    private final Consumer<String> enqueue;
    private final BiConsumer<String, Duration> enqueueAfter;

    StatefulSetEventHandlers(
            Lister<StatefulSet> sets, Consumer<String> enqueue, BiConsumer<String, Duration> enqueueAfter) {
        this.sets = sets;
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
    }

    ResourceEventHandler<StatefulSet> forStatefulSets() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(StatefulSet set) {
                enqueue.accept(ObjectKeys.keyOf(set));
            }

            @Override
            public void onUpdate(StatefulSet oldSet, StatefulSet newSet) {
                enqueue.accept(ObjectKeys.keyOf(newSet));
            }

            @Override
            public void onDelete(StatefulSet set, boolean finalStateUnknown) {
                enqueue.accept(ObjectKeys.keyOf(set));
            }
        };
    }

    ResourceEventHandler<Pod> forPods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podAdded(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                podUpdated(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                OwnerReferences.controllerOf(pod)
                        .flatMap(ref -> owner(pod, ref))
                        .ifPresent(set -> enqueue.accept(ObjectKeys.keyOf(set)));
            }
        };
    }

    void podAdded(Pod pod) {
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
        if (controller.isPresent()) {
            owner(pod, controller.get()).ifPresent(set -> enqueue.accept(ObjectKeys.keyOf(set)));
            return;
        }
        enqueueMatching(pod);
    }

    void podUpdated(Pod oldPod, Pod newPod) {
        if (Objects.equals(
                oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            return;
        }
        Optional<OwnerReference> oldController = OwnerReferences.controllerOf(oldPod);
        Optional<OwnerReference> newController = OwnerReferences.controllerOf(newPod);
        boolean controllerChanged = !Objects.equals(oldController, newController);
        if (controllerChanged && oldController.isPresent()) {
            owner(oldPod, oldController.get()).ifPresent(set -> enqueue.accept(ObjectKeys.keyOf(set)));
        }
        if (newController.isPresent()) {
            owner(newPod, newController.get()).ifPresent(set -> {
                String key = ObjectKeys.keyOf(set);
                enqueue.accept(key);
                int minReadySeconds = set.getSpec().getMinReadySeconds() == null
                        ? 0
                        : set.getSpec().getMinReadySeconds();
                if (!ActivePods.isReady(oldPod) && ActivePods.isReady(newPod) && minReadySeconds > 0) {
                    // Available only minReadySeconds after ready: look again then.
                    enqueueAfter.accept(key, Duration.ofSeconds(minReadySeconds).plusSeconds(1));
                }
            });
            return;
        }
        boolean labelsChanged = !Objects.equals(
                oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels());
        if (labelsChanged || controllerChanged) {
            enqueueMatching(newPod);
        }
    }

    /** The cached StatefulSet a controller reference points to, if it is one and still the same object. */
    private Optional<StatefulSet> owner(Pod pod, OwnerReference controller) {
        if (!"StatefulSet".equals(controller.getKind())) {
            return Optional.empty();
        }
        return sets.get(pod.getMetadata().getNamespace(), controller.getName())
                .filter(set -> Objects.equals(set.getMetadata().getUid(), controller.getUid()));
    }

    /** An orphan: every StatefulSet in its namespace whose selector matches it may want to adopt it. */
    private void enqueueMatching(Pod pod) {
        if (pod.getMetadata().getLabels() == null
                || pod.getMetadata().getLabels().isEmpty()) {
            return;
        }
        for (StatefulSet set : sets.list(pod.getMetadata().getNamespace(), LabelSelector.everything())) {
            LabelSelector selector = LabelSelector.fromApi(set.getSpec().getSelector());
            if (!selector.isEverything() && selector.matches(pod.getMetadata().getLabels())) {
                enqueue.accept(ObjectKeys.keyOf(set));
            }
        }
    }
}
