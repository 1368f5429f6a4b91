package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.skiff.model.catalog.ResourceCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The garbage collector's ownership graph (Kubernetes' GraphBuilder and uidToNode): a node per uid
 * with its owner references and its dependents, built from the informers' changes, which it turns
 * into work for the collector. Owners known only from references are virtual nodes until an
 * informer shows them; the collector checks each of them once against the API server.
 *
 * <p>Thread-safe: changes arrive in order from one thread, and workers read {@link NodeView}
 * copies.
 */
public final class OwnerGraph {

    private final Map<String, Node> nodes = new HashMap<>();
    private final ResourceCatalog catalog;
    private final GraphWork work;

    public OwnerGraph(ResourceCatalog catalog, GraphWork work) {
        this.catalog = catalog;
        this.work = work;
    }

    private static final class Node {
        ObjectIdentity identity;
        boolean observed;
        boolean beingDeleted;
        boolean deletingDependents;
        boolean orphaning;
        List<OwnerReference> owners = List.of();
        final Map<String, Node> dependents = new LinkedHashMap<>();

        Node(ObjectIdentity identity, boolean observed) {
            this.identity = identity;
            this.observed = observed;
        }

        boolean blockedBy(Node dependent) {
            return dependent.owners.stream()
                    .anyMatch(owner -> identity.uid().equals(owner.getUid())
                            && Boolean.TRUE.equals(owner.getBlockOwnerDeletion()));
        }
    }

    /** An informer saw the object created or changed (or listed it). */
    public synchronized void observe(ObjectSnapshot object) {
        String uid = object.identity().uid();
        Node node = nodes.get(uid);
        if (node == null) {
            node = new Node(object.identity(), true);
            nodes.put(uid, node);
            node.owners = object.owners();
            addToOwners(node, object.owners());
        } else {
            boolean wasVirtual = !node.observed;
            node.identity = object.identity();
            node.observed = true;
            if (wasVirtual) {
                lookAtDependentsMeaningAnotherObject(node);
            }
            updateOwners(node, object.owners());
        }
        processTransitions(node, object);
    }

    /** An informer saw the object deleted: it leaves the graph and its dependents get a look. */
    public synchronized void observeDeletion(ObjectSnapshot object) {
        Node node = nodes.get(object.identity().uid());
        if (node != null) {
            remove(node);
        }
    }

    /**
     * The API server says the object is gone although no informer told (Kubernetes' virtual delete
     * event). A node observed under other coordinates stays; the dependents whose references meant
     * {@code gone} get a look, as for them the owner is absent.
     */
    public synchronized void confirmAbsent(ObjectIdentity gone) {
        Node node = nodes.get(gone.uid());
        if (node == null) {
            return;
        }
        if (node.observed && !node.identity.sameObjectAs(gone)) {
            for (Node dependent : List.copyOf(node.dependents.values())) {
                if (references(dependent, gone)) {
                    work.attemptToDelete(dependent.identity.uid());
                }
            }
            return;
        }
        remove(node);
    }

    /** The node of {@code uid}, virtual or observed. */
    public synchronized Optional<NodeView> node(String uid) {
        Node node = nodes.get(uid);
        if (node == null) {
            return Optional.empty();
        }
        List<NodeView.Dependent> dependents = new ArrayList<>();
        for (Node dependent : node.dependents.values()) {
            dependents.add(new NodeView.Dependent(
                    dependent.identity, node.blockedBy(dependent), dependent.deletingDependents));
        }
        return Optional.of(
                new NodeView(node.identity, node.observed, node.beingDeleted, node.deletingDependents, dependents));
    }

    public synchronized int size() {
        return nodes.size();
    }

    private void processTransitions(Node node, ObjectSnapshot object) {
        boolean startsOrphaning = object.waitsForOrphaning() && !node.orphaning;
        node.beingDeleted = object.beingDeleted();
        node.orphaning = object.waitsForOrphaning();
        if (startsOrphaning) {
            work.attemptToOrphan(node.identity.uid());
        }
        if (object.waitsForDependentsDeletion() && !node.deletingDependents) {
            node.deletingDependents = true;
            for (Node dependent : node.dependents.values()) {
                work.attemptToDelete(dependent.identity.uid());
            }
            work.attemptToDelete(node.identity.uid());
        }
    }

    private void addToOwners(Node dependent, List<OwnerReference> owners) {
        for (OwnerReference reference : owners) {
            ObjectIdentity expected = ObjectIdentity.ownerOf(reference, dependent.identity.namespace(), catalog);
            Node owner = nodes.get(reference.getUid());
            if (owner == null) {
                owner = new Node(expected, false);
                nodes.put(expected.uid(), owner);
                work.attemptToDelete(expected.uid());
            } else if (owner.observed && !owner.identity.sameObjectAs(expected)) {
                // The uid belongs to an object elsewhere (e.g. another namespace): the reference does
                // not resolve to it, so the dependent's owner may well be absent.
                work.attemptToDelete(dependent.identity.uid());
            }
            owner.dependents.put(dependent.identity.uid(), dependent);
        }
    }

    private void updateOwners(Node node, List<OwnerReference> owners) {
        List<OwnerReference> before = node.owners;
        node.owners = owners;
        Map<String, OwnerReference> old = byUid(before);
        Map<String, OwnerReference> fresh = byUid(owners);
        List<OwnerReference> added = new ArrayList<>();
        for (OwnerReference reference : owners) {
            OwnerReference previous = old.get(reference.getUid());
            if (previous == null) {
                added.add(reference);
            } else if (Boolean.TRUE.equals(previous.getBlockOwnerDeletion())
                    && !Boolean.TRUE.equals(reference.getBlockOwnerDeletion())) {
                // No longer blocks an owner that may be waiting for it in the foreground.
                wakeOwnerDeletingDependents(reference.getUid());
            }
        }
        for (OwnerReference reference : before) {
            if (!fresh.containsKey(reference.getUid())) {
                Node owner = nodes.get(reference.getUid());
                if (owner != null) {
                    owner.dependents.remove(node.identity.uid());
                    wakeOwnerDeletingDependents(owner.identity.uid());
                }
            }
        }
        addToOwners(node, added);
    }

    private void remove(Node node) {
        String uid = node.identity.uid();
        nodes.remove(uid);
        for (OwnerReference reference : node.owners) {
            Node owner = nodes.get(reference.getUid());
            if (owner != null) {
                owner.dependents.remove(uid);
                wakeOwnerDeletingDependents(owner.identity.uid());
            }
        }
        for (Node dependent : node.dependents.values()) {
            work.attemptToDelete(dependent.identity.uid());
        }
    }

    /**
     * A virtual node took its coordinates from the first reference to it; now that the object is
     * seen, dependents whose references name other coordinates (another kind, another namespace)
     * get a look, as their owner may be absent.
     */
    private void lookAtDependentsMeaningAnotherObject(Node owner) {
        for (Node dependent : owner.dependents.values()) {
            for (OwnerReference reference : dependent.owners) {
                if (owner.identity.uid().equals(reference.getUid())
                        && !ObjectIdentity.ownerOf(reference, dependent.identity.namespace(), catalog)
                                .sameObjectAs(owner.identity)) {
                    work.attemptToDelete(dependent.identity.uid());
                }
            }
        }
    }

    /** An owner deleting its dependents in the foreground may finish once one of them is gone. */
    private void wakeOwnerDeletingDependents(String ownerUid) {
        Node owner = nodes.get(ownerUid);
        if (owner != null && owner.deletingDependents) {
            work.attemptToDelete(ownerUid);
        }
    }

    private static boolean references(Node dependent, ObjectIdentity owner) {
        return dependent.owners.stream().anyMatch(reference -> owner.uid().equals(reference.getUid()));
    }

    private static Map<String, OwnerReference> byUid(List<OwnerReference> references) {
        Map<String, OwnerReference> byUid = new HashMap<>();
        for (OwnerReference reference : references) {
            byUid.put(Objects.requireNonNull(reference.getUid(), "owner reference without uid"), reference);
        }
        return byUid;
    }
}
