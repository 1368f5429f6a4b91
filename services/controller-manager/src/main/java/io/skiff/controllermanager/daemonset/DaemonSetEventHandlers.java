package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns DaemonSet, pod, node and ControllerRevision notifications into DaemonSet keys (the
 * add/update/delete handlers of daemon_controller.go), recording on the way which expected pod
 * creations and deletions the informer has observed. No API calls and no syncing happen here.
 */
final class DaemonSetEventHandlers {

    private final Lister<DaemonSet> daemonSets;
    private final Expectations expectations;
    private final Consumer<String> enqueue;
    private final BiConsumer<String, Duration> enqueueAfter;

    DaemonSetEventHandlers(
            Lister<DaemonSet> daemonSets,
            Expectations expectations,
            Consumer<String> enqueue,
            BiConsumer<String, Duration> enqueueAfter) {
        this.daemonSets = daemonSets;
        this.expectations = expectations;
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
    }

    ResourceEventHandler<DaemonSet> forDaemonSets() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(DaemonSet daemonSet) {
                enqueue.accept(ObjectKeys.keyOf(daemonSet));
            }

            @Override
            public void onUpdate(DaemonSet oldDaemonSet, DaemonSet newDaemonSet) {
                if (!Objects.equals(
                        oldDaemonSet.getMetadata().getUid(),
                        newDaemonSet.getMetadata().getUid())) {
                    // Deleted and recreated under the same name between two notifications.
                    expectations.forget(ObjectKeys.keyOf(oldDaemonSet));
                }
                enqueue.accept(ObjectKeys.keyOf(newDaemonSet));
            }

            @Override
            public void onDelete(DaemonSet daemonSet, boolean finalStateUnknown) {
                String key = ObjectKeys.keyOf(daemonSet);
                expectations.forget(key);
                enqueue.accept(key);
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
                podDeleted(pod);
            }
        };
    }

    ResourceEventHandler<Node> forNodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                for (DaemonSet daemonSet : daemonSets.list(LabelSelector.everything())) {
                    if (NodePlacement.of(node, daemonSet).shouldRun()) {
                        enqueue.accept(ObjectKeys.keyOf(daemonSet));
                    }
                }
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                if (onlyHeartbeat(oldNode, newNode)) {
                    return;
                }
                for (DaemonSet daemonSet : daemonSets.list(LabelSelector.everything())) {
                    if (!NodePlacement.of(oldNode, daemonSet).equals(NodePlacement.of(newNode, daemonSet))) {
                        enqueue.accept(ObjectKeys.keyOf(daemonSet));
                    }
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                // The pod garbage collector removes pods of deleted nodes; their deletion wakes the DaemonSet.
            }
        };
    }

    ResourceEventHandler<ControllerRevision> forRevisions() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ControllerRevision revision) {
                if (revision.getMetadata().getDeletionTimestamp() != null) {
                    onDelete(revision, false);
                    return;
                }
                Optional<OwnerReference> controller = OwnerReferences.controllerOf(revision);
                if (controller.isPresent()) {
                    owner(revision, controller.get()).ifPresent(ds -> enqueue.accept(ObjectKeys.keyOf(ds)));
                    return;
                }
                enqueueMatching(revision);
            }

            @Override
            public void onUpdate(ControllerRevision oldRevision, ControllerRevision newRevision) {
                objectUpdated(oldRevision, newRevision);
            }

            @Override
            public void onDelete(ControllerRevision revision, boolean finalStateUnknown) {
                OwnerReferences.controllerOf(revision)
                        .flatMap(ref -> owner(revision, ref))
                        .ifPresent(ds -> enqueue.accept(ObjectKeys.keyOf(ds)));
            }
        };
    }

    void podAdded(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // A controller restarting sees pods already being deleted: they count as deletions.
            podDeleted(pod);
            return;
        }
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
        if (controller.isPresent()) {
            owner(pod, controller.get()).ifPresent(daemonSet -> {
                String key = ObjectKeys.keyOf(daemonSet);
                expectations.creationObserved(key);
                enqueue.accept(key);
            });
            return;
        }
        enqueueMatching(pod);
    }

    void podUpdated(Pod oldPod, Pod newPod) {
        if (Objects.equals(
                oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            return;
        }
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            // Graceful deletion: act now rather than when the kubelet finishes.
            podDeleted(newPod);
            return;
        }
        if (objectUpdated(oldPod, newPod)) {
            OwnerReferences.controllerOf(newPod)
                    .flatMap(ref -> owner(newPod, ref))
                    .ifPresent(daemonSet -> {
                        int minReadySeconds = daemonSet.getSpec().getMinReadySeconds() == null
                                ? 0
                                : daemonSet.getSpec().getMinReadySeconds();
                        if (!ActivePods.isReady(oldPod) && ActivePods.isReady(newPod) && minReadySeconds > 0) {
                            // Available only minReadySeconds after ready: look again then.
                            enqueueAfter.accept(
                                    ObjectKeys.keyOf(daemonSet),
                                    Duration.ofSeconds(minReadySeconds).plusSeconds(1));
                        }
                    });
        }
    }

    void podDeleted(Pod pod) {
        OwnerReferences.controllerOf(pod).flatMap(ref -> owner(pod, ref)).ifPresent(daemonSet -> {
            String key = ObjectKeys.keyOf(daemonSet);
            expectations.deletionObserved(key, ObjectKeys.keyOf(pod));
            enqueue.accept(key);
        });
    }

    /**
     * An update of a pod or revision: the old controller and the new one are told; an orphan whose
     * labels or controller changed is offered to every DaemonSet selecting it.
     *
     * @return whether the object has a controller that is a known DaemonSet
     */
    private boolean objectUpdated(HasMetadata oldObject, HasMetadata newObject) {
        if (Objects.equals(
                oldObject.getMetadata().getResourceVersion(),
                newObject.getMetadata().getResourceVersion())) {
            return false;
        }
        Optional<OwnerReference> oldController = OwnerReferences.controllerOf(oldObject);
        Optional<OwnerReference> newController = OwnerReferences.controllerOf(newObject);
        boolean controllerChanged = !Objects.equals(oldController, newController);
        if (controllerChanged && oldController.isPresent()) {
            owner(oldObject, oldController.get()).ifPresent(ds -> enqueue.accept(ObjectKeys.keyOf(ds)));
        }
        if (newController.isPresent()) {
            Optional<DaemonSet> owner = owner(newObject, newController.get());
            owner.ifPresent(ds -> enqueue.accept(ObjectKeys.keyOf(ds)));
            return owner.isPresent();
        }
        boolean labelsChanged = !Objects.equals(
                oldObject.getMetadata().getLabels(), newObject.getMetadata().getLabels());
        if (labelsChanged || controllerChanged) {
            enqueueMatching(newObject);
        }
        return false;
    }

    /** The cached DaemonSet a controller reference points to, if it is one and still the same object. */
    private Optional<DaemonSet> owner(HasMetadata object, OwnerReference controller) {
        if (!"DaemonSet".equals(controller.getKind())) {
            return Optional.empty();
        }
        return daemonSets
                .get(object.getMetadata().getNamespace(), controller.getName())
                .filter(ds -> Objects.equals(ds.getMetadata().getUid(), controller.getUid()));
    }

    /** An orphan: every DaemonSet in its namespace whose selector matches it may want to adopt it. */
    private void enqueueMatching(HasMetadata orphan) {
        if (orphan.getMetadata().getLabels() == null
                || orphan.getMetadata().getLabels().isEmpty()) {
            return;
        }
        for (DaemonSet daemonSet : daemonSets.list(orphan.getMetadata().getNamespace(), LabelSelector.everything())) {
            LabelSelector selector = LabelSelector.fromApi(daemonSet.getSpec().getSelector());
            if (!selector.isEverything()
                    && selector.matches(orphan.getMetadata().getLabels())) {
                enqueue.accept(ObjectKeys.keyOf(daemonSet));
            }
        }
    }

    /**
     * Whether a node update changed nothing a DaemonSet cares about (shouldIgnoreNodeUpdate): the
     * same conditions are true and nothing but the resourceVersion and the conditions' details
     * (heartbeat times) differs.
     */
    static boolean onlyHeartbeat(Node oldNode, Node newNode) {
        if (!trueConditions(oldNode).equals(trueConditions(newNode))) {
            return false;
        }
        var oldJson = KubeJson.mapper().valueToTree(oldNode);
        var newJson = KubeJson.mapper().valueToTree(newNode);
        for (var json : List.of(oldJson, newJson)) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("metadata")).remove("resourceVersion");
            if (json.path("status").isObject()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("status")).remove("conditions");
            }
        }
        return oldJson.equals(newJson);
    }

    private static Set<String> trueConditions(Node node) {
        Set<String> types = new HashSet<>();
        NodeStatus status = node.getStatus();
        if (status != null && status.getConditions() != null) {
            for (NodeCondition condition : status.getConditions()) {
                if ("True".equals(condition.getStatus())) {
                    types.add(condition.getType());
                }
            }
        }
        return types;
    }
}
