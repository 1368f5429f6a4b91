package io.skiff.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.model.selector.SelectorException;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.EnqueueExtensions;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.Handle;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScore;
import io.skiff.scheduler.framework.PluginFactory;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PreFilter;
import io.skiff.scheduler.framework.PreFilterExtensions;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.PreScore;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.Score;
import io.skiff.scheduler.framework.ScoreExtensions;
import io.skiff.scheduler.framework.StateKey;
import io.skiff.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' PodTopologySpread plugin.
 *
 * <p>Filter (DoNotSchedule constraints): placing the pod on a node must keep, for every constraint,
 * {@code matching pods in the node's domain + 1 (if the pod matches) - the global minimum <= maxSkew},
 * where domains are the values of the topology key on nodes passing the inclusion policies, and the
 * global minimum is 0 while fewer than minDomains domains exist. Counted once in PreFilter, over
 * every node in parallel, each node's pods matched once per distinct selector.
 *
 * <p>Score (ScheduleAnyway constraints): fewer matching pods in a node's domains scores higher; each
 * constraint's count is weighted by the log of its number of domains, then normalised so the least
 * loaded node gets 100.
 */
public final class PodTopologySpread
        implements PreFilter, Filter, PreScore, Score, PreFilterExtensions, ScoreExtensions, EnqueueExtensions {

    public static final String NAME = Plugins.POD_TOPOLOGY_SPREAD;

    public static final String LABEL_HOSTNAME = "kubernetes.io/hostname";
    public static final String LABEL_ZONE = "topology.kubernetes.io/zone";
    public static final String DO_NOT_SCHEDULE = "DoNotSchedule";
    public static final String SCHEDULE_ANYWAY = "ScheduleAnyway";

    /** Placing the pod on the node would exceed a constraint's maxSkew. */
    public static final String ERR_REASON_CONSTRAINTS_NOT_MATCH =
            "node(s) didn't match pod topology spread constraints";
    /** The node lacks a constraint's topology key. */
    public static final String ERR_REASON_NODE_LABEL_NOT_MATCH =
            ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";

    private static final Logger log = LoggerFactory.getLogger(PodTopologySpread.class);
    private static final StateKey<PreFilterState> PRE_FILTER_STATE_KEY =
            StateKey.of("PreFilter" + NAME, PreFilterState.class);
    private static final StateKey<PreScoreState> PRE_SCORE_STATE_KEY =
            StateKey.of("PreScore" + NAME, PreScoreState.class);
    private static final long INVALID_SCORE = -1;

    private final Handle handle;
    private final ConstraintReader constraints;
    private final boolean systemDefaulted;

    /**
     * @param workloads the Services and controllers that give default constraints their selector;
     *     null to never apply default constraints
     */
    public PodTopologySpread(PodTopologySpreadArgs args, Handle handle, WorkloadLister workloads) {
        this.handle = handle;
        this.constraints = new ConstraintReader(args.effectiveDefaultConstraints(), workloads);
        this.systemDefaulted = args.isSystemDefaulted();
    }

    /** Builds the plugin from its profile args, with the {@link WorkloadLister} from the Ports if one is registered. */
    public static PluginFactory factory() {
        return (pluginArgs, handle) -> {
            PodTopologySpreadArgs args = pluginArgs.as(PodTopologySpreadArgs.class, PodTopologySpreadArgs::defaults);
            WorkloadLister workloads = handle.findPort(WorkloadLister.class).orElse(null);
            if (workloads == null && !args.effectiveDefaultConstraints().isEmpty()) {
                log.warn("No WorkloadLister registered: default topology spread constraints will not be applied");
            }
            return new PodTopologySpread(args, handle, workloads);
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    // ---- PreFilter / Filter

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<SpreadConstraint> hard;
        try {
            hard = constraints.constraints(pod, DO_NOT_SCHEDULE);
        } catch (SelectorException e) {
            return PreFilterResult.failed(
                    Status.error("obtaining pod's hard topology spread constraints: " + e.getMessage()));
        }
        if (hard.isEmpty()) {
            return PreFilterResult.skip();
        }
        state.write(PRE_FILTER_STATE_KEY, count(pod, hard, nodes));
        return PreFilterResult.success();
    }

    private PreFilterState count(Pod pod, List<SpreadConstraint> hard, List<NodeInfo> nodes) {
        String namespace = pod.getMetadata().getNamespace();
        NodeInclusion inclusion = new NodeInclusion(pod);
        int[] selectorSlot = selectorSlots(hard);
        int slots = Arrays.stream(selectorSlot).max().orElse(-1) + 1;
        int[][] countsByNode = new int[nodes.size()][];
        handle.parallelizer().until(nodes.size(), n -> {
            NodeInfo nodeInfo = nodes.get(n);
            Node node = nodeInfo.node();
            if (node == null || !SpreadConstraint.nodeHasAllKeys(SpreadConstraint.labels(node), hard)) {
                return;
            }
            NodeInclusion.Check check = inclusion.forNode(node);
            int[] counts = new int[hard.size()];
            int[] bySelector = new int[slots];
            Arrays.fill(bySelector, -1);
            for (int i = 0; i < hard.size(); i++) {
                SpreadConstraint constraint = hard.get(i);
                if (!check.includes(constraint)) {
                    counts[i] = -1;
                    continue;
                }
                int slot = selectorSlot[i];
                if (bySelector[slot] < 0) {
                    bySelector[slot] = constraint.countMatching(nodeInfo.pods(), namespace);
                }
                counts[i] = bySelector[slot];
            }
            countsByNode[n] = counts;
        });
        List<Map<String, Integer>> matchCounts = new ArrayList<>(hard.size());
        for (int i = 0; i < hard.size(); i++) {
            matchCounts.add(new HashMap<>());
        }
        for (int n = 0; n < countsByNode.length; n++) {
            int[] counts = countsByNode[n];
            if (counts == null) {
                continue;
            }
            Map<String, String> labels = SpreadConstraint.labels(nodes.get(n).node());
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] >= 0) {
                    matchCounts.get(i).merge(labels.get(hard.get(i).topologyKey()), counts[i], Integer::sum);
                }
            }
        }
        CriticalPaths[] paths = new CriticalPaths[hard.size()];
        int[] domains = new int[hard.size()];
        for (int i = 0; i < hard.size(); i++) {
            paths[i] = new CriticalPaths();
            domains[i] = matchCounts.get(i).size();
            for (Map.Entry<String, Integer> domain : matchCounts.get(i).entrySet()) {
                paths[i].update(domain.getKey(), domain.getValue());
            }
        }
        return new PreFilterState(hard, matchCounts, paths, domains);
    }

    /** For each constraint, the index of its selector among the distinct selectors. */
    private static int[] selectorSlots(List<SpreadConstraint> constraints) {
        Map<String, Integer> slots = new HashMap<>();
        int[] slotOf = new int[constraints.size()];
        for (int i = 0; i < constraints.size(); i++) {
            slotOf[i] = slots.computeIfAbsent(constraints.get(i).selectorKey(), k -> slots.size());
        }
        return slotOf;
    }

    @Override
    public Optional<PreFilterExtensions> preFilterExtensions() {
        return Optional.of(this);
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) {
        return update(state, podToSchedule, podToAdd.pod(), nodeInfo.node(), 1);
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) {
        return update(state, podToSchedule, podToRemove.pod(), nodeInfo.node(), -1);
    }

    private static Status update(CycleState cycleState, Pod preemptor, Pod updated, Node node, int delta) {
        PreFilterState state;
        try {
            state = cycleState.require(PRE_FILTER_STATE_KEY);
        } catch (IllegalStateException e) {
            return Status.error(e);
        }
        String namespace = preemptor.getMetadata().getNamespace();
        if (node == null || !Objects.equals(updated.getMetadata().getNamespace(), namespace)) {
            return Status.success();
        }
        Map<String, String> labels = SpreadConstraint.labels(node);
        if (!SpreadConstraint.nodeHasAllKeys(labels, state.constraints)) {
            return Status.success();
        }
        NodeInclusion.Check check = new NodeInclusion(preemptor).forNode(node);
        for (int i = 0; i < state.constraints.size(); i++) {
            SpreadConstraint constraint = state.constraints.get(i);
            // the same rule as PreFilter's counting, so removing a pod undoes exactly what counting it did
            if (constraint.counts(updated, namespace) && check.includes(constraint)) {
                state.add(i, labels.get(constraint.topologyKey()), delta);
            }
        }
        return Status.success();
    }

    @Override
    public Status filter(CycleState cycleState, Pod pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        if (node == null) {
            return Status.error("node not found");
        }
        PreFilterState state;
        try {
            state = cycleState.require(PRE_FILTER_STATE_KEY);
        } catch (IllegalStateException e) {
            return Status.error(e);
        }
        Map<String, String> labels = SpreadConstraint.labels(node);
        Map<String, String> podLabels = pod.getMetadata().getLabels();
        for (int i = 0; i < state.constraints.size(); i++) {
            SpreadConstraint constraint = state.constraints.get(i);
            String value = labels.get(constraint.topologyKey());
            if (value == null) {
                return Status.unschedulableAndUnresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
            }
            int selfMatch = constraint.selector().matches(podLabels) ? 1 : 0;
            long skew = (long) state.matchCount(i, value) + selfMatch - state.minMatchCount(i);
            if (skew > constraint.maxSkew()) {
                return Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
            }
        }
        return Status.success();
    }

    // ---- PreScore / Score

    @Override
    public Status preScore(CycleState cycleState, Pod pod, List<NodeInfo> feasibleNodes) {
        List<NodeInfo> allNodes = handle.snapshot().nodeInfos();
        if (allNodes.isEmpty()) {
            return Status.skip();
        }
        List<SpreadConstraint> soft;
        try {
            soft = constraints.constraints(pod, SCHEDULE_ANYWAY);
        } catch (SelectorException e) {
            return Status.error(
                    "calculating preScoreState: obtaining pod's soft topology spread constraints: " + e.getMessage());
        }
        if (soft.isEmpty()) {
            return Status.skip();
        }
        // the system defaults spread by host even on nodes without a zone label
        boolean requireAllTopologies = hasOwnConstraints(pod) || !systemDefaulted;
        Set<String> ignored = new HashSet<>();
        List<Map<String, AtomicLong>> podCounts = new ArrayList<>(soft.size());
        int[] domains = new int[soft.size()];
        for (int i = 0; i < soft.size(); i++) {
            podCounts.add(new ConcurrentHashMap<>());
        }
        for (NodeInfo nodeInfo : feasibleNodes) {
            Map<String, String> labels = SpreadConstraint.labels(nodeInfo.node());
            if (requireAllTopologies && !SpreadConstraint.nodeHasAllKeys(labels, soft)) {
                ignored.add(nodeInfo.nodeName());
                continue;
            }
            for (int i = 0; i < soft.size(); i++) {
                String key = soft.get(i).topologyKey();
                // host-level counts are taken in Score, from the node itself
                if (!key.equals(LABEL_HOSTNAME)
                        && podCounts.get(i).putIfAbsent(labels.getOrDefault(key, ""), new AtomicLong()) == null) {
                    domains[i]++;
                }
            }
        }
        double[] weights = new double[soft.size()];
        for (int i = 0; i < soft.size(); i++) {
            int size = soft.get(i).topologyKey().equals(LABEL_HOSTNAME)
                    ? feasibleNodes.size() - ignored.size()
                    : domains[i];
            weights[i] = Math.log(size + 2);
        }
        String namespace = pod.getMetadata().getNamespace();
        NodeInclusion inclusion = new NodeInclusion(pod);
        handle.parallelizer().until(allNodes.size(), n -> {
            NodeInfo nodeInfo = allNodes.get(n);
            Node node = nodeInfo.node();
            if (node == null) {
                return;
            }
            Map<String, String> labels = SpreadConstraint.labels(node);
            if (requireAllTopologies && !SpreadConstraint.nodeHasAllKeys(labels, soft)) {
                return;
            }
            NodeInclusion.Check check = inclusion.forNode(node);
            for (int i = 0; i < soft.size(); i++) {
                SpreadConstraint constraint = soft.get(i);
                if (!check.includes(constraint)) {
                    continue;
                }
                AtomicLong count = podCounts.get(i).get(labels.getOrDefault(constraint.topologyKey(), ""));
                // only domains of feasible nodes are counted
                if (count != null) {
                    count.addAndGet(constraint.countMatching(nodeInfo.pods(), namespace));
                }
            }
        });
        cycleState.write(PRE_SCORE_STATE_KEY, new PreScoreState(soft, ignored, podCounts, weights));
        return Status.success();
    }

    private static boolean hasOwnConstraints(Pod pod) {
        return pod.getSpec() != null
                && pod.getSpec().getTopologySpreadConstraints() != null
                && !pod.getSpec().getTopologySpreadConstraints().isEmpty();
    }

    @Override
    public long score(CycleState cycleState, Pod pod, NodeInfo nodeInfo) {
        PreScoreState state = cycleState.require(PRE_SCORE_STATE_KEY);
        if (state.ignoredNodes.contains(nodeInfo.nodeName())) {
            return 0;
        }
        Map<String, String> labels = SpreadConstraint.labels(nodeInfo.node());
        String namespace = pod.getMetadata().getNamespace();
        double score = 0;
        for (int i = 0; i < state.constraints.size(); i++) {
            SpreadConstraint constraint = state.constraints.get(i);
            String value = labels.get(constraint.topologyKey());
            if (value == null) {
                continue;
            }
            long count;
            if (constraint.topologyKey().equals(LABEL_HOSTNAME)) {
                count = constraint.countMatching(nodeInfo.pods(), namespace);
            } else {
                AtomicLong domainCount = state.podCounts.get(i).get(value);
                count = domainCount == null ? 0 : domainCount.get();
            }
            // maxSkew - 1 waters differences between domains down: a larger skew tolerance scores flatter
            score += count * state.topologyWeights[i] + (constraint.maxSkew() - 1);
        }
        return Math.round(score);
    }

    @Override
    public Optional<ScoreExtensions> scoreExtensions() {
        return Optional.of(this);
    }

    @Override
    public Status normalizeScore(CycleState cycleState, Pod pod, List<NodeScore> scores) {
        PreScoreState state;
        try {
            state = cycleState.require(PRE_SCORE_STATE_KEY);
        } catch (IllegalStateException e) {
            return Status.error(e);
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (NodeScore score : scores) {
            if (state.ignoredNodes.contains(score.name())) {
                score.setScore(INVALID_SCORE);
                continue;
            }
            min = Math.min(min, score.score());
            max = Math.max(max, score.score());
        }
        for (NodeScore score : scores) {
            if (score.score() == INVALID_SCORE) {
                score.setScore(0);
            } else if (max == 0) {
                score.setScore(MAX_NODE_SCORE);
            } else {
                score.setScore(MAX_NODE_SCORE * (max + min - score.score()) / max);
            }
        }
        return Status.success();
    }

    // ---- queueing hints

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                new ClusterEventWithHint(
                        ClusterEvent.of(
                                EventResource.ASSIGNED_POD,
                                ActionType.ADD,
                                ActionType.UPDATE_POD_LABEL,
                                ActionType.DELETE),
                        this::isSchedulableAfterPodChange),
                new ClusterEventWithHint(
                        ClusterEvent.of(
                                EventResource.NODE,
                                ActionType.ADD,
                                ActionType.DELETE,
                                ActionType.UPDATE_NODE_LABEL,
                                ActionType.UPDATE_NODE_TAINT),
                        this::isSchedulableAfterNodeChange));
    }

    /** A pod change helps when it adds, removes or relabels a pod some hard constraint of the pod counts. */
    QueueingHint isSchedulableAfterPodChange(Pod pod, Object oldObject, Object newObject) {
        Pod original = (Pod) oldObject;
        Pod modified = (Pod) newObject;
        if ((modified != null && !involvedInSpreading(modified, pod))
                || (original != null && !involvedInSpreading(original, pod))) {
            return QueueingHint.SKIP;
        }
        List<SpreadConstraint> hard = constraints.constraints(pod, DO_NOT_SCHEDULE);
        if (original != null && modified != null) {
            if (Objects.equals(
                    original.getMetadata().getLabels(), modified.getMetadata().getLabels())) {
                return QueueingHint.SKIP;
            }
            for (SpreadConstraint constraint : hard) {
                if (constraint.selector().matches(original.getMetadata().getLabels())
                        != constraint.selector().matches(modified.getMetadata().getLabels())) {
                    return QueueingHint.QUEUE;
                }
            }
            return QueueingHint.SKIP;
        }
        Pod changed = modified != null ? modified : original;
        for (SpreadConstraint constraint : hard) {
            if (constraint.selector().matches(changed.getMetadata().getLabels())) {
                return QueueingHint.QUEUE;
            }
        }
        return QueueingHint.SKIP;
    }

    private static boolean involvedInSpreading(Pod changed, Pod pod) {
        if (Objects.equals(changed.getMetadata().getUid(), pod.getMetadata().getUid())) {
            return true;
        }
        String nodeName = changed.getSpec() == null ? null : changed.getSpec().getNodeName();
        return nodeName != null
                && !nodeName.isEmpty()
                && Objects.equals(
                        changed.getMetadata().getNamespace(), pod.getMetadata().getNamespace());
    }

    /**
     * A node change helps when a node carrying every topology key appears or disappears, or such a
     * node's topology values or taints change, or a node gains or loses one of the keys.
     */
    QueueingHint isSchedulableAfterNodeChange(Pod pod, Object oldObject, Object newObject) {
        Node original = (Node) oldObject;
        Node modified = (Node) newObject;
        List<SpreadConstraint> hard = constraints.constraints(pod, DO_NOT_SCHEDULE);
        boolean originalMatching =
                original != null && SpreadConstraint.nodeHasAllKeys(SpreadConstraint.labels(original), hard);
        boolean modifiedMatching =
                modified != null && SpreadConstraint.nodeHasAllKeys(SpreadConstraint.labels(modified), hard);
        if (original != null && modified != null) {
            if (originalMatching != modifiedMatching) {
                return QueueingHint.QUEUE;
            }
            if (modifiedMatching
                    && (topologyValuesChanged(original, modified, hard) || taintsChanged(original, modified))) {
                return QueueingHint.QUEUE;
            }
            return QueueingHint.SKIP;
        }
        return (modified != null ? modifiedMatching : originalMatching) ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }

    private static boolean topologyValuesChanged(Node original, Node modified, List<SpreadConstraint> hard) {
        Map<String, String> before = SpreadConstraint.labels(original);
        Map<String, String> after = SpreadConstraint.labels(modified);
        for (SpreadConstraint constraint : hard) {
            if (!Objects.equals(before.get(constraint.topologyKey()), after.get(constraint.topologyKey()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean taintsChanged(Node original, Node modified) {
        return !Objects.equals(
                original.getSpec() == null ? null : original.getSpec().getTaints(),
                modified.getSpec() == null ? null : modified.getSpec().getTaints());
    }
}
