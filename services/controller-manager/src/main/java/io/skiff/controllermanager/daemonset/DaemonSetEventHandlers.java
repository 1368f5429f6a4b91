package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.OwnerResolver;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
    private final OwnerResolver<DaemonSet> owners;
    private final Expectations expectations;
    private final Consumer<String> enqueue;
    private final BiConsumer<String, Duration> enqueueAfter;

    DaemonSetEventHandlers(
            Lister<DaemonSet> daemonSets,
            Expectations expectations,
            Consumer<String> enqueue,
            BiConsumer<String, Duration> enqueueAfter) {
        this.daemonSets = daemonSets;
        this.owners = OwnerResolver.of(
                daemonSets, "DaemonSet", daemonSet -> daemonSet.getSpec().getSelector());
        this.expectations = expectations;
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
    }

    ResourceEventHandler<DaemonSet> forDaemonSets() {
        return ResourceEventHandler.of(this::enqueue, this::daemonSetUpdated, this::daemonSetDeleted);
    }

    ResourceEventHandler<Pod> forPods() {
        return ResourceEventHandler.of(this::podAdded, this::podUpdated, this::podDeleted);
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
        return ResourceEventHandler.of(this::revisionAdded, this::revisionUpdated, this::revisionDeleted);
    }

    void daemonSetUpdated(DaemonSet oldDaemonSet, DaemonSet newDaemonSet) {
        if (!Objects.equals(
                oldDaemonSet.getMetadata().getUid(), newDaemonSet.getMetadata().getUid())) {
            // Deleted and recreated under the same name between two notifications.
            expectations.forget(ObjectKeys.keyOf(oldDaemonSet));
        }
        enqueue(newDaemonSet);
    }

    void daemonSetDeleted(DaemonSet daemonSet) {
        String key = ObjectKeys.keyOf(daemonSet);
        expectations.forget(key);
        enqueue.accept(key);
    }

    void revisionAdded(ControllerRevision revision) {
        if (revision.getMetadata().getDeletionTimestamp() != null) {
            revisionDeleted(revision);
            return;
        }
        owners.added(revision, this::enqueue, this::enqueue);
    }

    void revisionUpdated(ControllerRevision oldRevision, ControllerRevision newRevision) {
        owners.updated(oldRevision, newRevision, this::enqueue, this::enqueue, this::enqueue);
    }

    void revisionDeleted(ControllerRevision revision) {
        owners.controllerOf(revision).ifPresent(this::enqueue);
    }

    void podAdded(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // A controller restarting sees pods already being deleted: they count as deletions.
            podDeleted(pod);
            return;
        }
        owners.added(
                pod,
                daemonSet -> {
                    String key = ObjectKeys.keyOf(daemonSet);
                    expectations.creationObserved(key);
                    enqueue.accept(key);
                },
                this::enqueue);
    }

    void podUpdated(Pod oldPod, Pod newPod) {
        if (OwnerResolver.isResync(oldPod, newPod)) {
            return;
        }
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            // Graceful deletion: act now rather than when the kubelet finishes.
            podDeleted(newPod);
            return;
        }
        owners.updated(
                oldPod,
                newPod,
                this::enqueue,
                daemonSet -> {
                    String key = ObjectKeys.keyOf(daemonSet);
                    enqueue.accept(key);
                    ActivePods.availabilityRecheck(
                                    oldPod, newPod, daemonSet.getSpec().getMinReadySeconds())
                            .ifPresent(delay -> enqueueAfter.accept(key, delay));
                },
                this::enqueue);
    }

    void podDeleted(Pod pod) {
        owners.controllerOf(pod).ifPresent(daemonSet -> {
            String key = ObjectKeys.keyOf(daemonSet);
            expectations.deletionObserved(key, ObjectKeys.keyOf(pod));
            enqueue.accept(key);
        });
    }

    private void enqueue(DaemonSet daemonSet) {
        enqueue.accept(ObjectKeys.keyOf(daemonSet));
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
