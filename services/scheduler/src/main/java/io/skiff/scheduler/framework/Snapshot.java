package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The view of the cluster one scheduling cycle works on: a copy of every node's {@link NodeInfo}
 * taken at the start of the cycle, as a list (in the cache's zone-interleaved order) and by name,
 * plus the sublists of nodes with pods that have (anti-)affinity, which InterPodAffinity walks
 * instead of every node.
 *
 * <p>Plugins only read it. The scheduler cache updates it in place between cycles, copying only
 * the node infos whose generation moved (the {@code replace...} methods); nothing else may change
 * it.
 */
public final class Snapshot {

    private Map<String, NodeInfo> nodeInfoMap = new HashMap<>();
    private List<NodeInfo> nodeInfoList = List.of();
    private List<NodeInfo> havePodsWithAffinity = List.of();
    private List<NodeInfo> havePodsWithRequiredAntiAffinity = List.of();
    private Set<String> usedPvcs = Set.of();
    private long generation;

    /** An empty snapshot, for the cache to fill. */
    public Snapshot() {}

    /**
     * A snapshot of the given nodes with the pods whose spec.nodeName names them, image spread
     * computed across the nodes: the fixture plugin tests schedule against.
     */
    public static Snapshot of(Collection<Pod> pods, Collection<Node> nodes) {
        Map<String, NodeInfo> infos = new LinkedHashMap<>();
        for (Node node : nodes) {
            NodeInfo info = new NodeInfo();
            info.setNode(node);
            infos.put(node.getMetadata().getName(), info);
        }
        for (Pod pod : pods) {
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (nodeName != null && !nodeName.isEmpty()) {
                infos.computeIfAbsent(nodeName, k -> new NodeInfo()).addPod(pod);
            }
        }
        Map<String, ImageStateSummary> images = imageSpread(nodes);
        for (Node node : nodes) {
            infos.get(node.getMetadata().getName()).setImageStates(imagesOf(node, images));
        }
        Snapshot snapshot = new Snapshot();
        List<NodeInfo> list = new ArrayList<>();
        for (NodeInfo info : infos.values()) {
            if (info.node() != null) {
                list.add(info);
                snapshot.nodeInfoMap.put(info.nodeName(), info);
            }
        }
        snapshot.replaceLists(list);
        return snapshot;
    }

    private static Map<String, ImageStateSummary> imageSpread(Collection<Node> nodes) {
        Map<String, Long> sizes = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Node node : nodes) {
            for (ContainerImage image : images(node)) {
                for (String name : image.getNames() == null ? List.<String>of() : image.getNames()) {
                    sizes.put(name, image.getSizeBytes() == null ? 0L : image.getSizeBytes());
                    counts.merge(name, 1, Integer::sum);
                }
            }
        }
        Map<String, ImageStateSummary> spread = new HashMap<>();
        sizes.forEach((name, size) -> spread.put(name, new ImageStateSummary(size, counts.get(name))));
        return spread;
    }

    private static Map<String, ImageStateSummary> imagesOf(Node node, Map<String, ImageStateSummary> spread) {
        Map<String, ImageStateSummary> states = new HashMap<>();
        for (ContainerImage image : images(node)) {
            for (String name : image.getNames() == null ? List.<String>of() : image.getNames()) {
                states.put(name, spread.get(name));
            }
        }
        return states;
    }

    private static List<ContainerImage> images(Node node) {
        if (node.getStatus() == null || node.getStatus().getImages() == null) {
            return List.of();
        }
        return node.getStatus().getImages();
    }

    /** Every node, in the cache's zone-interleaved order; unmodifiable. */
    public List<NodeInfo> nodeInfos() {
        return nodeInfoList;
    }

    /** Nodes with at least one pod that declares pod affinity or anti-affinity; unmodifiable. */
    public List<NodeInfo> havePodsWithAffinityNodeInfos() {
        return havePodsWithAffinity;
    }

    /** Nodes with at least one pod that has required anti-affinity terms; unmodifiable. */
    public List<NodeInfo> havePodsWithRequiredAntiAffinityNodeInfos() {
        return havePodsWithRequiredAntiAffinity;
    }

    /** The node info of the named node, or null when the snapshot has no such node. */
    public NodeInfo get(String nodeName) {
        return nodeInfoMap.get(nodeName);
    }

    public int numNodes() {
        return nodeInfoList.size();
    }

    /** Whether any pod in the cluster uses the PVC "namespace/claimName" (ReadWriteOncePod checks). */
    public boolean isPvcUsedByPods(String key) {
        return usedPvcs.contains(key);
    }

    /** The cache generation this snapshot reflects. */
    public long generation() {
        return generation;
    }

    /** For the scheduler cache: the mutable node-info map it keeps current, entry by entry. */
    public Map<String, NodeInfo> nodeInfoMapForUpdate() {
        return nodeInfoMap;
    }

    /** For the scheduler cache: records the generation this snapshot now reflects. */
    public void replaceGeneration(long generation) {
        this.generation = generation;
    }

    /**
     * For the scheduler cache: recomputes the affinity sublists and the set of used PVCs from the
     * current node list, after node infos in it were overwritten in place.
     */
    public void refreshDerivedLists() {
        replaceLists(nodeInfoList);
    }

    /**
     * For the scheduler cache: installs a new node list (every entry must be in the map) and derives
     * the affinity sublists and the set of used PVCs from it.
     */
    public void replaceLists(List<NodeInfo> nodes) {
        List<NodeInfo> withAffinity = new ArrayList<>();
        List<NodeInfo> withRequiredAnti = new ArrayList<>();
        Set<String> pvcs = new HashSet<>();
        for (NodeInfo info : nodes) {
            if (!info.podsWithAffinity().isEmpty()) {
                withAffinity.add(info);
            }
            if (!info.podsWithRequiredAntiAffinity().isEmpty()) {
                withRequiredAnti.add(info);
            }
            pvcs.addAll(info.pvcRefCounts().keySet());
        }
        this.nodeInfoList = Collections.unmodifiableList(new ArrayList<>(nodes));
        this.havePodsWithAffinity = Collections.unmodifiableList(withAffinity);
        this.havePodsWithRequiredAntiAffinity = Collections.unmodifiableList(withRequiredAnti);
        this.usedPvcs = Collections.unmodifiableSet(pvcs);
    }
}
