package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions of kube-controller-manager's garbage collector, one node at a time: {@link
 * #attemptToDelete} deletes an object whose owners are all gone (or waiting for their dependents)
 * and finishes foreground deletions; {@link #attemptToOrphan} makes an owner's dependents let go of
 * it. Both read the node from the {@link OwnerGraph} and confirm against the API server before they
 * act. Idempotent: a node may be synced any number of times.
 */
public final class GarbageCollector {

    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

    static final String BACKGROUND = "Background";
    static final String FOREGROUND = "Foreground";
    static final String ORPHAN = "Orphan";

    private final OwnerGraph graph;
    private final ClusterObjects cluster;
    private final ResourceCatalog catalog;
    private final AbsentOwnerCache absentOwners;
    private final EventRecorder events;
    private final GraphWork work;

    public GarbageCollector(
            OwnerGraph graph,
            ClusterObjects cluster,
            ResourceCatalog catalog,
            AbsentOwnerCache absentOwners,
            EventRecorder events,
            GraphWork work) {
        this.graph = graph;
        this.cluster = cluster;
        this.catalog = catalog;
        this.absentOwners = absentOwners;
        this.events = events;
        this.work = work;
    }

    /** Kubernetes' attemptToDeleteItem, for the node of {@code uid}. */
    public Result attemptToDelete(String uid) {
        Optional<NodeView> found = graph.node(uid);
        if (found.isEmpty()) {
            return Result.done();
        }
        NodeView node = found.get();
        if (node.beingDeleted() && !node.deletingDependents()) {
            return Result.done();
        }
        Optional<ObjectSnapshot> latest;
        try {
            latest = cluster.get(node.identity());
        } catch (UnresolvableReferenceException e) {
            log.info("garbage collector: leaving {} alone: {}", node.identity(), e.getMessage());
            return Result.done();
        }
        if (latest.isEmpty()) {
            // Gone (or replaced) without an informer telling yet: drop it so its dependents get a look.
            graph.confirmAbsent(node.identity());
            return Result.done();
        }
        if (node.deletingDependents()) {
            return finishForegroundDeletion(node);
        }
        List<OwnerReference> owners = latest.get().owners();
        if (!owners.isEmpty()) {
            decide(node, latest.get(), owners);
        }
        // A virtual node the informers have not shown yet: look again until they do, so one that
        // came and went while a watch was down does not linger.
        return node.observed() ? Result.done() : Result.requeue();
    }

    /** Kubernetes' attemptToOrphan worker, for the owner of {@code uid}. */
    public Result attemptToOrphan(String uid) {
        Optional<NodeView> found = graph.node(uid);
        if (found.isEmpty()) {
            return Result.done();
        }
        NodeView owner = found.get();
        for (NodeView.Dependent dependent : owner.dependents()) {
            cluster.removeOwnerReferences(dependent.identity(), Set.of(uid));
        }
        cluster.removeFinalizer(owner.identity(), ObjectSnapshot.ORPHAN_FINALIZER);
        return Result.done();
    }

    private void decide(NodeView node, ObjectSnapshot latest, List<OwnerReference> owners) {
        Classification owned;
        try {
            owned = classify(node.identity(), owners);
        } catch (UnresolvableReferenceException e) {
            events.event(
                    reference(node.identity()),
                    EventType.WARNING,
                    "OwnerRefInvalidNamespace",
                    "%s; the reference is ignored",
                    e.getMessage());
            return;
        }
        if (!owned.solid().isEmpty()) {
            Set<String> letGo = new LinkedHashSet<>();
            owned.dangling().forEach(reference -> letGo.add(reference.getUid()));
            owned.waiting().forEach(reference -> letGo.add(reference.getUid()));
            if (!letGo.isEmpty()) {
                log.debug("garbage collector: {} keeps its live owners and lets go of {}", node.identity(), letGo);
                cluster.removeOwnerReferences(node.identity(), letGo);
            }
            return;
        }
        if (!owned.waiting().isEmpty() && !node.dependents().isEmpty()) {
            for (NodeView.Dependent dependent : node.dependents()) {
                if (dependent.deletingDependents()) {
                    // Both wait in the foreground for each other (a cycle): unblock, or neither ends.
                    cluster.unblockOwnerReference(
                            dependent.identity(), node.identity().uid());
                }
            }
            log.info("garbage collector: deleting {} in the foreground, its owner waits for it", node.identity());
            cluster.delete(node.identity(), FOREGROUND);
            return;
        }
        String policy = latest.finalizers().contains(ObjectSnapshot.ORPHAN_FINALIZER)
                ? ORPHAN
                : latest.finalizers().contains(ObjectSnapshot.FOREGROUND_FINALIZER) ? FOREGROUND : BACKGROUND;
        log.info("garbage collector: deleting {} ({}), its owners are gone", node.identity(), policy);
        cluster.delete(node.identity(), policy);
    }

    /** Removes the foregroundDeletion finalizer once no blocking dependent is left. */
    private Result finishForegroundDeletion(NodeView node) {
        List<NodeView.Dependent> blocking = node.blockingDependents();
        if (blocking.isEmpty()) {
            log.info("garbage collector: {} has no blocking dependents left; finishing its deletion", node.identity());
            cluster.removeFinalizer(node.identity(), ObjectSnapshot.FOREGROUND_FINALIZER);
            return Result.done();
        }
        for (NodeView.Dependent dependent : blocking) {
            if (!dependent.deletingDependents()) {
                work.attemptToDelete(dependent.identity().uid());
            }
        }
        return Result.done();
    }

    private record Classification(
            List<OwnerReference> solid, List<OwnerReference> dangling, List<OwnerReference> waiting) {}

    private Classification classify(ObjectIdentity dependent, List<OwnerReference> owners) {
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference reference : owners) {
            ObjectIdentity owner = resolve(reference, dependent);
            if (absentOwners.contains(owner)) {
                dangling.add(reference);
                continue;
            }
            Optional<ObjectSnapshot> live = cluster.get(owner);
            if (live.isEmpty()) {
                absentOwners.add(owner);
                dangling.add(reference);
            } else if (live.get().waitsForDependentsDeletion()) {
                waiting.add(reference);
            } else {
                solid.add(reference);
            }
        }
        return new Classification(solid, dangling, waiting);
    }

    /**
     * The owner a reference names. A cluster-scoped object cannot be owned by a namespaced one, and
     * an owner of a kind nobody serves cannot be checked: such references are never taken as
     * dangling, so they never get the dependent deleted.
     */
    private ObjectIdentity resolve(OwnerReference reference, ObjectIdentity dependent) {
        Optional<ResourceType> type = catalog.byKind(reference.getApiVersion(), reference.getKind());
        if (type.isEmpty()) {
            throw new UnresolvableReferenceException("owner reference to " + reference.getApiVersion() + " "
                    + reference.getKind() + " " + reference.getName() + ": no resource type serves it");
        }
        if (type.get().namespaced() && dependent.namespace().isEmpty()) {
            throw new UnresolvableReferenceException("cluster-scoped " + dependent + " refers to namespaced owner "
                    + reference.getKind() + " " + reference.getName() + ", which cannot own it");
        }
        return ObjectIdentity.ownerOf(reference, dependent.namespace(), catalog);
    }

    private static ObjectReference reference(ObjectIdentity identity) {
        ObjectReference reference = new ObjectReference();
        reference.setApiVersion(identity.apiVersion());
        reference.setKind(identity.kind());
        reference.setNamespace(identity.namespace().isEmpty() ? null : identity.namespace());
        reference.setName(identity.name());
        reference.setUid(identity.uid());
        return reference;
    }
}
