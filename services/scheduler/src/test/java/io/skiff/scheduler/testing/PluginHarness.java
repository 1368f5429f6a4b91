package io.skiff.scheduler.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScore;
import io.skiff.scheduler.framework.Plugin;
import io.skiff.scheduler.framework.PreFilter;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.PreScore;
import io.skiff.scheduler.framework.Score;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Drives one plugin through its extension points the way the framework would, for plugin tests. */
public final class PluginHarness {

    private PluginHarness() {}

    /**
     * PreFilter (if implemented) then Filter on the node: a Skip at PreFilter means the filter is
     * not run and the node passes, a PreFilter failure is returned as is.
     */
    public static Status filter(Plugin plugin, Pod pod, NodeInfo nodeInfo) {
        CycleState state = new CycleState();
        if (plugin instanceof PreFilter) {
            PreFilterResult result = ((PreFilter) plugin).preFilter(state, pod, List.of(nodeInfo));
            if (result.status().isSkip()) {
                return Status.success();
            }
            if (!result.status().isSuccess()) {
                return result.status();
            }
        }
        return ((Filter) plugin).filter(state, pod, nodeInfo);
    }

    /** Filter on a node that holds the given pods. */
    public static Status filter(Plugin plugin, Pod pod, Node node, Pod... podsOnNode) {
        return filter(plugin, pod, NodeInfo.of(node, podsOnNode));
    }

    /**
     * PreScore (if implemented; a Skip scores every node 0), Score on every node of the snapshot,
     * and NormalizeScore: the final scores by node name, in snapshot order.
     */
    public static Map<String, Long> scores(Score plugin, Pod pod, Snapshot snapshot) {
        CycleState state = new CycleState();
        List<NodeInfo> nodes = snapshot.nodeInfos();
        Map<String, Long> result = new LinkedHashMap<>();
        if (plugin instanceof PreScore) {
            Status status = ((PreScore) plugin).preScore(state, pod, nodes);
            if (status.isSkip()) {
                nodes.forEach(node -> result.put(node.nodeName(), 0L));
                return result;
            }
            if (!status.isSuccess()) {
                throw status.asException();
            }
        }
        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo node : nodes) {
            scores.add(new NodeScore(node.nodeName(), plugin.score(state, pod, node)));
        }
        plugin.scoreExtensions().ifPresent(extensions -> extensions.normalizeScore(state, pod, scores));
        scores.forEach(score -> result.put(score.name(), score.score()));
        return result;
    }

    public static Snapshot snapshot(Collection<Pod> pods, Node... nodes) {
        return Snapshot.of(pods, List.of(nodes));
    }
}
