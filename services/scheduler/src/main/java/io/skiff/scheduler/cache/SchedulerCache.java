package io.skiff.scheduler.cache;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.ImageStateSummary;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Nodes and the pods counted against them, as Kubernetes' scheduler cache. A pod the scheduler
 * chose a node for is <em>assumed</em> at once, so the next cycle already counts it; the informer's
 * add event later confirms it. An assumed pod whose binding finished but was never confirmed
 * expires after the TTL. Pods may arrive before their node, and a deleted node's info lives on
 * while pods still point at it.
 *
 * <p>Node infos are kept in a list ordered by last change, so {@link #updateSnapshot} copies only
 * those changed since the snapshot's generation. Thread-safe: informer threads update it while the
 * scheduling thread snapshots it.
 */
public final class SchedulerCache {

    /** How long a bound but unconfirmed assumed pod is kept; Kubernetes historically used 15 minutes. */
    public static final Duration DEFAULT_ASSUMED_POD_TTL = Duration.ofMinutes(15);

    /** A node info in the recency list. */
    private static final class Item {
        final NodeInfo info = new NodeInfo();
        Item previous;
        Item next;
    }

    /** A pod in the cache; deadline is set once an assumed pod's binding finished. */
    private static final class PodState {
        Pod pod;
        Instant deadline;
        boolean bindingFinished;

        PodState(Pod pod) {
            this.pod = pod;
        }
    }

    /** An image's size and the nodes that hold it. */
    private static final class ImageState {
        final long size;
        final Set<String> nodes = new HashSet<>();

        ImageState(long size) {
            this.size = size;
        }
    }

    private final Duration assumedPodTtl;
    private final Clock clock;
    private final Map<String, Item> nodes = new HashMap<>();
    private final NodeTree nodeTree = new NodeTree();
    private final Map<String, PodState> podStates = new HashMap<>();
    private final Set<String> assumedPods = new HashSet<>();
    private final Map<String, ImageState> imageStates = new HashMap<>();
    private Item head;

    /**
     * @param assumedPodTtl how long an assumed pod may stay unconfirmed after its binding finished;
     *     zero means forever
     */
    public SchedulerCache(Duration assumedPodTtl, Clock clock) {
        this.assumedPodTtl = Objects.requireNonNull(assumedPodTtl, "assumedPodTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SchedulerCache() {
        this(DEFAULT_ASSUMED_POD_TTL, Clock.systemUTC());
    }

    /**
     * Counts the pod (whose spec.nodeName is the chosen node) against its node before it is bound.
     *
     * @throws IllegalStateException when the pod is already in the cache
     */
    public synchronized void assumePod(Pod pod) {
        String key = key(pod);
        if (podStates.containsKey(key)) {
            throw new IllegalStateException("pod " + describe(pod) + " is in the cache, so can't be assumed");
        }
        add(pod, true);
    }

    /** The assumed pod's binding was sent: it may now expire if never confirmed. */
    public synchronized void finishBinding(Pod pod) {
        String key = key(pod);
        PodState state = podStates.get(key);
        if (state != null && assumedPods.contains(key)) {
            state.deadline = assumedPodTtl.isZero() ? null : clock.instant().plus(assumedPodTtl);
            state.bindingFinished = true;
        }
    }

    /**
     * Undoes {@link #assumePod}, e.g. after the binding failed.
     *
     * @throws IllegalStateException when the pod was not assumed, or assumed on another node
     */
    public synchronized void forgetPod(Pod pod) {
        String key = key(pod);
        PodState state = podStates.get(key);
        if (state != null && !Objects.equals(nodeName(state.pod), nodeName(pod))) {
            throw new IllegalStateException("pod " + describe(pod) + " was assumed on " + nodeName(state.pod)
                    + " but assigned to " + nodeName(pod));
        }
        if (state == null || !assumedPods.contains(key)) {
            throw new IllegalStateException("pod " + describe(pod) + " wasn't assumed so cannot be forgotten");
        }
        remove(state.pod);
    }

    /**
     * A bound pod appeared (informer add): confirms it if it was assumed, adds it back if its
     * assumption expired, adds it otherwise.
     *
     * @throws IllegalStateException when the pod was already added
     */
    public synchronized void addPod(Pod pod) {
        String key = key(pod);
        PodState state = podStates.get(key);
        if (state != null && assumedPods.contains(key)) {
            // the informer's copy replaces the assumed one, which also ends the assumption
            replace(state.pod, pod);
        } else if (state == null) {
            add(pod, false);
        } else {
            throw new IllegalStateException("pod " + describe(pod) + " was already in added state");
        }
    }

    /**
     * A bound pod changed (informer update).
     *
     * @throws IllegalStateException when the pod is unknown, still assumed, or moved to another node
     */
    public synchronized void updatePod(Pod oldPod, Pod newPod) {
        String key = key(oldPod);
        PodState state = podStates.get(key);
        if (state == null) {
            throw new IllegalStateException(
                    "pod " + describe(oldPod) + " is not added to scheduler cache, so cannot be updated");
        }
        if (assumedPods.contains(key)) {
            throw new IllegalStateException("assumed pod " + describe(oldPod) + " should not be updated");
        }
        if (!Objects.equals(nodeName(state.pod), nodeName(newPod))) {
            throw new IllegalStateException(
                    "pod " + describe(oldPod) + " updated on a different node than previously added to");
        }
        replace(state.pod, newPod);
    }

    /**
     * A bound pod was deleted (informer delete), or its assumption is withdrawn.
     *
     * @throws IllegalStateException when the pod is unknown
     */
    public synchronized void removePod(Pod pod) {
        PodState state = podStates.get(key(pod));
        if (state == null) {
            throw new IllegalStateException(
                    "pod " + describe(pod) + " is not found in scheduler cache, so cannot be removed from it");
        }
        remove(state.pod);
    }

    public synchronized boolean isAssumedPod(Pod pod) {
        return assumedPods.contains(key(pod));
    }

    /** The cached copy of the pod (assumed or confirmed), if any. */
    public synchronized Optional<Pod> getPod(Pod pod) {
        PodState state = podStates.get(key(pod));
        return state == null ? Optional.empty() : Optional.of(state.pod);
    }

    public synchronized void addNode(Node node) {
        String name = node.getMetadata().getName();
        Item item = nodes.get(name);
        if (item == null) {
            item = new Item();
            nodes.put(name, item);
        } else if (item.info.node() != null) {
            removeImages(item.info.node());
        }
        moveToHead(name);
        nodeTree.add(node);
        addImages(node);
        item.info.setNode(node);
    }

    public synchronized void updateNode(Node oldNode, Node newNode) {
        String name = newNode.getMetadata().getName();
        Item item = nodes.get(name);
        Node previous = null;
        if (item == null) {
            item = new Item();
            nodes.put(name, item);
        } else {
            previous = item.info.node();
            if (previous != null) {
                removeImages(previous);
            }
        }
        moveToHead(name);
        nodeTree.update(previous != null ? previous : oldNode, newNode);
        addImages(newNode);
        item.info.setNode(newNode);
    }

    /**
     * Forgets the node. Its info stays while pods still point at it: their delete events come on
     * another watch and may arrive later.
     *
     * @throws IllegalStateException when the node is unknown
     */
    public synchronized void removeNode(Node node) {
        String name = node.getMetadata().getName();
        Item item = nodes.get(name);
        if (item == null) {
            throw new IllegalStateException("node " + name + " is not found");
        }
        Node known = item.info.node();
        item.info.removeNode();
        if (item.info.pods().isEmpty()) {
            unlink(name);
        } else {
            moveToHead(name);
        }
        nodeTree.remove(known != null ? known : node);
        removeImages(known != null ? known : node);
    }

    /** Removes assumed pods whose binding finished longer than the TTL ago without confirmation. */
    public synchronized List<Pod> cleanupExpiredAssumedPods() {
        Instant now = clock.instant();
        List<Pod> expired = new ArrayList<>();
        for (Iterator<String> keys = new ArrayList<>(assumedPods).iterator(); keys.hasNext(); ) {
            PodState state = podStates.get(keys.next());
            if (state == null || !state.bindingFinished || state.deadline == null) {
                continue;
            }
            if (now.isAfter(state.deadline)) {
                expired.add(state.pod);
                remove(state.pod);
            }
        }
        return expired;
    }

    public synchronized CacheStats stats() {
        return new CacheStats(nodeTree.size(), podStates.size(), assumedPods.size());
    }

    /** A copy of the named node's info, for inspection. */
    public synchronized Optional<NodeInfo> nodeInfo(String nodeName) {
        Item item = nodes.get(nodeName);
        return item == null ? Optional.empty() : Optional.of(item.info.snapshot());
    }

    /**
     * Brings the snapshot up to date: copies only the node infos changed since the snapshot's
     * generation (overwriting the snapshot's entries in place, so its lists stay valid), rebuilds
     * the node list only when nodes came or went, and the affinity and PVC views only when they
     * could have changed.
     *
     * @return how many node infos were copied
     */
    public synchronized int updateSnapshot(Snapshot snapshot) {
        long snapshotGeneration = snapshot.generation();
        Map<String, NodeInfo> entries = snapshot.nodeInfoMapForUpdate();
        boolean updateAllLists = false;
        boolean updateDerived = false;
        int copied = 0;
        for (Item item = head; item != null; item = item.next) {
            if (item.info.generation() <= snapshotGeneration) {
                break;
            }
            Node node = item.info.node();
            if (node == null) {
                continue;
            }
            NodeInfo existing = entries.get(node.getMetadata().getName());
            if (existing == null) {
                updateAllLists = true;
                existing = new NodeInfo();
                entries.put(node.getMetadata().getName(), existing);
            }
            NodeInfo current = item.info;
            if (existing.podsWithAffinity().isEmpty()
                            != current.podsWithAffinity().isEmpty()
                    || existing.podsWithRequiredAntiAffinity().isEmpty()
                            != current.podsWithRequiredAntiAffinity().isEmpty()
                    || !existing.pvcRefCounts()
                            .keySet()
                            .equals(current.pvcRefCounts().keySet())) {
                updateDerived = true;
            }
            existing.overwriteWith(current);
            existing.setImageStates(imageSummaries(node));
            copied++;
        }
        if (head != null) {
            snapshot.replaceGeneration(head.info.generation());
        }
        if (entries.size() > nodeTree.size()) {
            entries.keySet().removeIf(name -> {
                Item item = nodes.get(name);
                return item == null || item.info.node() == null;
            });
            updateAllLists = true;
        }
        if (updateAllLists || snapshot.numNodes() != nodeTree.size()) {
            List<NodeInfo> list = new ArrayList<>(nodeTree.size());
            for (String name : nodeTree.list()) {
                list.add(entries.get(name));
            }
            snapshot.replaceLists(list);
        } else if (updateDerived) {
            snapshot.refreshDerivedLists();
        }
        return copied;
    }

    private void add(Pod pod, boolean assumed) {
        String nodeName = nodeName(pod);
        Item item = nodes.computeIfAbsent(nodeName, k -> new Item());
        item.info.addPod(pod);
        moveToHead(nodeName);
        String key = key(pod);
        podStates.put(key, new PodState(pod));
        if (assumed) {
            assumedPods.add(key);
        }
    }

    private void replace(Pod oldPod, Pod newPod) {
        remove(oldPod);
        add(newPod, false);
    }

    private void remove(Pod pod) {
        String nodeName = nodeName(pod);
        Item item = nodes.get(nodeName);
        if (item != null) {
            item.info.removePod(pod);
            if (item.info.pods().isEmpty() && item.info.node() == null) {
                unlink(nodeName);
            } else {
                moveToHead(nodeName);
            }
        }
        String key = key(pod);
        podStates.remove(key);
        assumedPods.remove(key);
    }

    private void moveToHead(String nodeName) {
        Item item = nodes.get(nodeName);
        if (item == null || item == head) {
            return;
        }
        detach(item);
        item.next = head;
        if (head != null) {
            head.previous = item;
        }
        head = item;
    }

    private void unlink(String nodeName) {
        Item item = nodes.remove(nodeName);
        if (item != null) {
            detach(item);
        }
    }

    private void detach(Item item) {
        if (item.previous != null) {
            item.previous.next = item.next;
        }
        if (item.next != null) {
            item.next.previous = item.previous;
        }
        if (head == item) {
            head = item.next;
        }
        item.previous = null;
        item.next = null;
    }

    private void addImages(Node node) {
        for (ContainerImage image : images(node)) {
            for (String name : names(image)) {
                imageStates
                        .computeIfAbsent(
                                name, k -> new ImageState(image.getSizeBytes() == null ? 0 : image.getSizeBytes()))
                        .nodes
                        .add(node.getMetadata().getName());
            }
        }
    }

    private void removeImages(Node node) {
        for (ContainerImage image : images(node)) {
            for (String name : names(image)) {
                ImageState state = imageStates.get(name);
                if (state != null) {
                    state.nodes.remove(node.getMetadata().getName());
                    if (state.nodes.isEmpty()) {
                        imageStates.remove(name);
                    }
                }
            }
        }
    }

    /** The node's images with how many nodes hold each now, computed when the node's snapshot entry is refreshed. */
    private Map<String, ImageStateSummary> imageSummaries(Node node) {
        List<ContainerImage> images = images(node);
        if (images.isEmpty()) {
            return Map.of();
        }
        Map<String, ImageStateSummary> summaries = new HashMap<>();
        for (ContainerImage image : images) {
            for (String name : names(image)) {
                ImageState state = imageStates.get(name);
                if (state != null) {
                    summaries.putIfAbsent(name, new ImageStateSummary(state.size, state.nodes.size()));
                }
            }
        }
        return summaries;
    }

    private static List<ContainerImage> images(Node node) {
        return node.getStatus() == null || node.getStatus().getImages() == null
                ? List.of()
                : node.getStatus().getImages();
    }

    private static List<String> names(ContainerImage image) {
        return image.getNames() == null ? List.of() : image.getNames();
    }

    private static String key(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("cannot get cache key for pod with empty UID");
        }
        return uid;
    }

    private static String nodeName(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return name == null ? "" : name;
    }

    private static String describe(Pod pod) {
        return pod.getMetadata().getUid() + "(" + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + ")";
    }
}
