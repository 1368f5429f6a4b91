package io.skiff.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.model.scheduling.NodeSelectors;
import io.skiff.model.scheduling.RequiredNodeAffinity;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.EnqueueExtensions;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScore;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.PreFilter;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.PreScore;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.Score;
import io.skiff.scheduler.framework.ScoreExtensions;
import io.skiff.scheduler.framework.StateData;
import io.skiff.scheduler.framework.StateKey;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.framework.helper.PreferredNodeAffinity;
import io.skiff.scheduler.framework.helper.ScoreNormalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Node selection by the pod's {@code nodeSelector} and node affinity: required terms (every
 * operator, and {@code metadata.name} fields, which also narrow the candidate nodes at PreFilter)
 * filter; preferred terms score by summed weights, normalised to 100. A profile may add affinity
 * to every pod ({@link NodeAffinityArgs}).
 */
public final class NodeAffinity implements PreFilter, Filter, PreScore, Score, ScoreExtensions, EnqueueExtensions {

    /** Kubernetes' reason for a node that does not match the pod's selector or required affinity. */
    public static final String ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

    /** Kubernetes' reason for a node that does not match the profile's added affinity. */
    public static final String ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";

    /** Kubernetes' reason when the pod's required terms name disjoint node names. */
    public static final String ERR_REASON_CONFLICT = "pod affinity terms conflict";

    private static final StateKey<Required> PRE_FILTER_KEY =
            StateKey.of("PreFilter" + Plugins.NODE_AFFINITY, Required.class);
    private static final StateKey<Preferred> PRE_SCORE_KEY =
            StateKey.of("PreScore" + Plugins.NODE_AFFINITY, Preferred.class);

    private record Required(RequiredNodeAffinity affinity) implements StateData {
        @Override
        public StateData copy() {
            return this;
        }
    }

    private record Preferred(PreferredNodeAffinity affinity) implements StateData {
        @Override
        public StateData copy() {
            return this;
        }
    }

    private final NodeSelectors addedNodeSelector;
    private final PreferredNodeAffinity addedPreferred;

    public NodeAffinity(NodeAffinityArgs args) {
        io.fabric8.kubernetes.api.model.NodeAffinity added = args.addedAffinity();
        NodeSelector required = added == null ? null : added.getRequiredDuringSchedulingIgnoredDuringExecution();
        this.addedNodeSelector = required == null ? null : NodeSelectors.parse(required);
        this.addedPreferred = added == null || added.getPreferredDuringSchedulingIgnoredDuringExecution() == null
                ? null
                : PreferredNodeAffinity.parse(added.getPreferredDuringSchedulingIgnoredDuringExecution());
    }

    @Override
    public String name() {
        return Plugins.NODE_AFFINITY;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        NodeSelector required = requiredTerms(pod);
        boolean noNodeSelector = pod.getSpec().getNodeSelector() == null;
        if (required == null && addedNodeSelector == null && noNodeSelector) {
            return PreFilterResult.skip();
        }
        state.write(PRE_FILTER_KEY, new Required(RequiredNodeAffinity.of(pod)));
        if (required == null
                || required.getNodeSelectorTerms() == null
                || required.getNodeSelectorTerms().isEmpty()) {
            return PreFilterResult.success();
        }
        // terms are ORed: narrowing is possible only when every term names nodes
        Set<String> union = null;
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            Set<String> names = io.skiff.model.scheduling.NodeSelectorTerm.nodeNamesIn(term);
            if (names == null) {
                return PreFilterResult.success();
            }
            if (union == null) {
                union = new HashSet<>();
            }
            union.addAll(names);
        }
        if (union.isEmpty()) {
            return PreFilterResult.failed(Status.unschedulableAndUnresolvable(ERR_REASON_CONFLICT));
        }
        return PreFilterResult.onlyNodes(union);
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        if (addedNodeSelector != null && !addedNodeSelector.matches(node)) {
            return Status.unschedulableAndUnresolvable(ERR_REASON_ENFORCED);
        }
        RequiredNodeAffinity required =
                state.read(PRE_FILTER_KEY).map(Required::affinity).orElseGet(() -> RequiredNodeAffinity.of(pod));
        return required.matches(node) ? Status.success() : Status.unschedulableAndUnresolvable(ERR_REASON_POD);
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        if (feasibleNodes.isEmpty()) {
            return Status.success();
        }
        PreferredNodeAffinity preferred;
        try {
            preferred = preferred(pod);
        } catch (IllegalArgumentException e) {
            return Status.error(e);
        }
        if (preferred == null && addedPreferred == null) {
            return Status.skip();
        }
        state.write(PRE_SCORE_KEY, new Preferred(preferred));
        return Status.success();
    }

    /** The summed weights of the preferred terms (the pod's and the profile's) the node matches. */
    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        long count = addedPreferred == null ? 0 : addedPreferred.score(node);
        PreferredNodeAffinity preferred =
                state.read(PRE_SCORE_KEY).map(Preferred::affinity).orElseGet(() -> preferred(pod));
        if (preferred != null) {
            count += preferred.score(node);
        }
        return count;
    }

    @Override
    public Optional<ScoreExtensions> scoreExtensions() {
        return Optional.of(this);
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeScore> scores) {
        ScoreNormalizer.normalize(MAX_NODE_SCORE, false, scores);
        return Status.success();
    }

    /** A new node, or a node whose labels now match when they did not, may help. */
    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(new ClusterEventWithHint(
                ClusterEvent.of(EventResource.NODE, ActionType.ADD, ActionType.UPDATE_NODE_LABEL),
                this::afterNodeChange));
    }

    private QueueingHint afterNodeChange(Pod pod, Object oldObject, Object newObject) {
        if (!(newObject instanceof Node)) {
            return QueueingHint.SKIP;
        }
        RequiredNodeAffinity required = RequiredNodeAffinity.of(pod);
        Node now = (Node) newObject;
        if (!matchesAll(required, now)) {
            return QueueingHint.SKIP;
        }
        if (oldObject instanceof Node && matchesAll(required, (Node) oldObject)) {
            // it matched before too, so the label change is not what kept the pod out
            return QueueingHint.SKIP;
        }
        return QueueingHint.QUEUE;
    }

    private boolean matchesAll(RequiredNodeAffinity required, Node node) {
        return (addedNodeSelector == null || addedNodeSelector.matches(node)) && required.matches(node);
    }

    private static NodeSelector requiredTerms(Pod pod) {
        Affinity affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return null;
        }
        return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    private static PreferredNodeAffinity preferred(Pod pod) {
        Affinity affinity = pod.getSpec().getAffinity();
        if (affinity == null
                || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        return PreferredNodeAffinity.parse(
                affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
    }
}
