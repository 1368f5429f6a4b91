package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.ownership.OwnerResolver;
import io.skiff.controllermanager.pods.ActivePods;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns StatefulSet and pod notifications into StatefulSet keys (stateful_set.go's handlers). No
 * API calls and no syncing happen here.
 */
final class StatefulSetEventHandlers {

    private final OwnerResolver<StatefulSet> owners;
    private final Consumer<String> enqueue;
    private final BiConsumer<String, Duration> enqueueAfter;

    StatefulSetEventHandlers(
            Lister<StatefulSet> sets, Consumer<String> enqueue, BiConsumer<String, Duration> enqueueAfter) {
        this.owners = OwnerResolver.of(sets, "StatefulSet", set -> set.getSpec().getSelector());
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
    }

    ResourceEventHandler<StatefulSet> forStatefulSets() {
        return ResourceEventHandler.enqueueingKeys(enqueue);
    }

    ResourceEventHandler<Pod> forPods() {
        return ResourceEventHandler.of(this::podAdded, this::podUpdated, this::podDeleted);
    }

    void podAdded(Pod pod) {
        owners.added(pod, this::enqueue, this::enqueue);
    }

    void podUpdated(Pod oldPod, Pod newPod) {
        owners.updated(
                oldPod,
                newPod,
                this::enqueue,
                set -> {
                    String key = ObjectKeys.keyOf(set);
                    enqueue.accept(key);
                    ActivePods.availabilityRecheck(oldPod, newPod, set.getSpec().getMinReadySeconds())
                            .ifPresent(delay -> enqueueAfter.accept(key, delay));
                },
                this::enqueue);
    }

    void podDeleted(Pod pod) {
        owners.controllerOf(pod).ifPresent(this::enqueue);
    }

    private void enqueue(StatefulSet set) {
        enqueue.accept(ObjectKeys.keyOf(set));
    }
}
