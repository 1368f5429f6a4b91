package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node with the pods the scheduler counts against it (bound and assumed), and the totals derived
 * from them: requested and non-zero-requested resources, host ports in use, PVC references; plus
 * the node's allocatable resources and the images it holds.
 *
 * <p>Every change takes a new, globally increasing {@link #generation()}, which lets the scheduler
 * cache copy only the node infos that changed into the per-cycle {@link Snapshot}. Not thread-safe:
 * the cache guards its own instances, and plugins only read the snapshot's copies.
 */
public final class NodeInfo {

    private static final AtomicLong GENERATION = new AtomicLong();

    private Node node;
    private final List<PodInfo> pods;
    private final List<PodInfo> podsWithAffinity;
    private final List<PodInfo> podsWithRequiredAntiAffinity;
    private final HostPortInfo usedPorts;
    private final Map<String, Integer> pvcRefCounts;
    private Resource requested;
    private Resource nonZeroRequested;
    private Resource allocatable;
    private Map<String, ImageStateSummary> imageStates;
    private long generation;

    /** An empty node info without a node (pods may arrive before their node). */
    public NodeInfo() {
        this.pods = new ArrayList<>();
        this.podsWithAffinity = new ArrayList<>();
        this.podsWithRequiredAntiAffinity = new ArrayList<>();
        this.usedPorts = new HostPortInfo();
        this.pvcRefCounts = new HashMap<>();
        this.requested = Resource.ZERO;
        this.nonZeroRequested = Resource.ZERO;
        this.allocatable = Resource.ZERO;
        this.imageStates = Map.of();
        this.generation = nextGeneration();
    }

    private NodeInfo(NodeInfo source) {
        this.node = source.node;
        this.pods = new ArrayList<>(source.pods);
        this.podsWithAffinity = new ArrayList<>(source.podsWithAffinity);
        this.podsWithRequiredAntiAffinity = new ArrayList<>(source.podsWithRequiredAntiAffinity);
        this.usedPorts = source.usedPorts.copy();
        this.pvcRefCounts = new HashMap<>(source.pvcRefCounts);
        this.requested = source.requested;
        this.nonZeroRequested = source.nonZeroRequested;
        this.allocatable = source.allocatable;
        this.imageStates = source.imageStates;
        this.generation = source.generation;
    }

    /**
     * Makes this node info an independent copy of {@code source}, generation included. The
     * scheduler cache uses it to refresh a snapshot entry in place, so the snapshot's lists that
     * hold this object stay valid.
     */
    public void overwriteWith(NodeInfo source) {
        NodeInfo copy = source.snapshot();
        node = copy.node;
        replace(pods, copy.pods);
        replace(podsWithAffinity, copy.podsWithAffinity);
        replace(podsWithRequiredAntiAffinity, copy.podsWithRequiredAntiAffinity);
        usedPorts.replaceWith(copy.usedPorts);
        pvcRefCounts.clear();
        pvcRefCounts.putAll(copy.pvcRefCounts);
        requested = copy.requested;
        nonZeroRequested = copy.nonZeroRequested;
        allocatable = copy.allocatable;
        imageStates = copy.imageStates;
        generation = copy.generation;
    }

    private static <T> void replace(List<T> target, List<T> source) {
        target.clear();
        target.addAll(source);
    }

    /** A node info for {@code node} holding {@code pods}; handy in tests. */
    public static NodeInfo of(Node node, Pod... pods) {
        NodeInfo info = new NodeInfo();
        info.setNode(node);
        for (Pod pod : pods) {
            info.addPod(pod);
        }
        return info;
    }

    /** The next value of the global generation counter. */
    public static long nextGeneration() {
        return GENERATION.incrementAndGet();
    }

    /** The node, or null while only pods of a not-yet-seen (or deleted) node are known. */
    public Node node() {
        return node;
    }

    /** The node's name, or "" without a node. */
    public String nodeName() {
        return node == null ? "" : node.getMetadata().getName();
    }

    /** The pods counted against the node, in the order they were added; unmodifiable view. */
    public List<PodInfo> pods() {
        return Collections.unmodifiableList(pods);
    }

    /** The pods that declare pod affinity or anti-affinity; unmodifiable view. */
    public List<PodInfo> podsWithAffinity() {
        return Collections.unmodifiableList(podsWithAffinity);
    }

    /** The pods with required anti-affinity terms; unmodifiable view. */
    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return Collections.unmodifiableList(podsWithRequiredAntiAffinity);
    }

    /** Host ports in use; callers must only read it. */
    public HostPortInfo usedPorts() {
        return usedPorts;
    }

    /** How many pods on the node use each PVC, keyed "namespace/claimName"; unmodifiable view. */
    public Map<String, Integer> pvcRefCounts() {
        return Collections.unmodifiableMap(pvcRefCounts);
    }

    /** The sum of the pods' requests. */
    public Resource requested() {
        return requested;
    }

    /** The sum of the pods' requests, missing cpu and memory requests counted as 100m / 200Mi. */
    public Resource nonZeroRequested() {
        return nonZeroRequested;
    }

    /** The node's status.allocatable. */
    public Resource allocatable() {
        return allocatable;
    }

    /** Images on the node by name (every name of every image), with cluster-wide spread. */
    public Map<String, ImageStateSummary> imageStates() {
        return imageStates;
    }

    public long generation() {
        return generation;
    }

    /** Sets or replaces the node; allocatable is read again. */
    public void setNode(Node node) {
        this.node = Objects.requireNonNull(node, "node");
        this.allocatable = node.getStatus() == null
                ? Resource.ZERO
                : Resource.fromResourceList(node.getStatus().getAllocatable());
        this.generation = nextGeneration();
    }

    /** Forgets the node while pods still point at it. */
    public void removeNode() {
        this.node = null;
        this.generation = nextGeneration();
    }

    /** Replaces the image states (the scheduler cache computes them across nodes). */
    public void setImageStates(Map<String, ImageStateSummary> states) {
        this.imageStates = Collections.unmodifiableMap(new HashMap<>(states));
        this.generation = nextGeneration();
    }

    public void addPod(Pod pod) {
        addPodInfo(PodInfo.of(pod));
    }

    /** Counts the pod against the node. */
    public void addPodInfo(PodInfo podInfo) {
        pods.add(podInfo);
        if (podInfo.hasAffinity()) {
            podsWithAffinity.add(podInfo);
        }
        if (!podInfo.requiredAntiAffinityTerms().isEmpty()) {
            podsWithRequiredAntiAffinity.add(podInfo);
        }
        update(podInfo, true);
    }

    /**
     * Stops counting the pod (matched by UID) against the node.
     *
     * @return whether the pod was there
     */
    public boolean removePod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        removeByUid(podsWithAffinity, uid);
        removeByUid(podsWithRequiredAntiAffinity, uid);
        PodInfo removed = removeByUid(pods, uid);
        if (removed == null) {
            return false;
        }
        update(removed, false);
        return true;
    }

    /** A copy for a snapshot: later changes to either one never show in the other. */
    public NodeInfo snapshot() {
        return new NodeInfo(this);
    }

    private static PodInfo removeByUid(List<PodInfo> list, String uid) {
        for (int i = 0; i < list.size(); i++) {
            if (Objects.equals(list.get(i).uid(), uid)) {
                return list.remove(i);
            }
        }
        return null;
    }

    private void update(PodInfo podInfo, boolean add) {
        Resource nonZero = podInfo.nonZeroRequests();
        Resource nonZeroCpuMemory = Resource.builder()
                .milliCpu(nonZero.milliCpu())
                .memory(nonZero.memory())
                .build();
        if (add) {
            requested = requested.plus(podInfo.requests());
            nonZeroRequested = nonZeroRequested.plus(nonZeroCpuMemory);
        } else {
            requested = requested.minus(podInfo.requests());
            nonZeroRequested = nonZeroRequested.minus(nonZeroCpuMemory);
        }
        Pod pod = podInfo.pod();
        if (pod.getSpec() != null) {
            updatePorts(pod, add);
            updatePvcRefCounts(pod, add);
        }
        generation = nextGeneration();
    }

    private void updatePorts(Pod pod, boolean add) {
        if (pod.getSpec().getContainers() == null) {
            return;
        }
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                int hostPort = port.getHostPort() == null ? 0 : port.getHostPort();
                if (add) {
                    usedPorts.add(port.getHostIP(), port.getProtocol(), hostPort);
                } else {
                    usedPorts.remove(port.getHostIP(), port.getProtocol(), hostPort);
                }
            }
        }
    }

    private void updatePvcRefCounts(Pod pod, boolean add) {
        if (pod.getSpec().getVolumes() == null) {
            return;
        }
        for (Volume volume : pod.getSpec().getVolumes()) {
            if (volume.getPersistentVolumeClaim() == null) {
                continue;
            }
            String key = pod.getMetadata().getNamespace() + "/"
                    + volume.getPersistentVolumeClaim().getClaimName();
            if (add) {
                pvcRefCounts.merge(key, 1, Integer::sum);
            } else {
                pvcRefCounts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
            }
        }
    }

    @Override
    public String toString() {
        return "NodeInfo{" + nodeName() + ", pods=" + pods.size() + ", requested=" + requested + ", allocatable="
                + allocatable + ", generation=" + generation + "}";
    }
}
