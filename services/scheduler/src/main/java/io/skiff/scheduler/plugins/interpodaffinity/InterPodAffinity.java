package io.skiff.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.AffinityTerm;
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
import io.skiff.scheduler.framework.WeightedAffinityTerm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kubernetes' InterPodAffinity plugin.
 *
 * <p>Filter: a node passes when (1) every required affinity term of the pod has a matching pod in
 * the node's domain of that term's topology key (or, for the first pod of a group, no pod matches
 * anywhere and the pod matches its own terms), (2) no pod matching a required anti-affinity term of
 * the pod is in the node's domain, and (3) no existing pod whose required anti-affinity matches the
 * pod is in a domain the node belongs to. Everything is counted once in PreFilter.
 *
 * <p>Score: for each topology domain, the weights of the pod's preferred affinity terms that existing
 * pods there match, minus those of its anti-affinity terms, plus the same from the existing pods'
 * preferred terms that the pod matches, plus {@code hardPodAffinityWeight} for each existing pod's
 * required affinity term the pod matches; normalised to 0-100 between the lowest and highest node.
 */
public final class InterPodAffinity
        implements PreFilter, Filter, PreScore, Score, PreFilterExtensions, ScoreExtensions, EnqueueExtensions {

    public static final String NAME = Plugins.INTER_POD_AFFINITY;

    /** The existing pods' anti-affinity matches the pod in one of the node's domains. */
    public static final String ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
            "node(s) didn't satisfy existing pods anti-affinity rules";
    /** The pod's required affinity terms are not satisfied in the node's domains. */
    public static final String ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
    /** A pod matching the pod's required anti-affinity terms is in one of the node's domains. */
    public static final String ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH =
            "node(s) didn't match pod anti-affinity rules";

    private static final StateKey<PreFilterState> PRE_FILTER_STATE_KEY =
            StateKey.of("PreFilter" + NAME, PreFilterState.class);
    private static final StateKey<PreScoreState> PRE_SCORE_STATE_KEY =
            StateKey.of("PreScore" + NAME, PreScoreState.class);

    private final InterPodAffinityArgs args;
    private final Handle handle;
    private final NamespaceLister namespaces;

    public InterPodAffinity(InterPodAffinityArgs args, Handle handle, NamespaceLister namespaces) {
        this.args = args;
        this.handle = handle;
        this.namespaces = namespaces;
    }

    /** Builds the plugin from its profile args; needs a {@link NamespaceLister} in the Ports. */
    public static PluginFactory factory() {
        return (args, handle) -> new InterPodAffinity(
                args.as(InterPodAffinityArgs.class, InterPodAffinityArgs::defaults),
                handle,
                handle.port(NamespaceLister.class));
    }

    @Override
    public String name() {
        return NAME;
    }

    // ---- PreFilter / Filter

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        PodInfo podInfo = PodInfo.of(pod);
        if (podInfo.parseError().isPresent()) {
            return PreFilterResult.failed(Status.unschedulableAndUnresolvable(
                    "parsing pod: " + podInfo.parseError().get()));
        }
        List<AffinityTerm> affinityTerms;
        List<AffinityTerm> antiAffinityTerms;
        try {
            affinityTerms = AffinityTerms.resolveNamespaces(podInfo.requiredAffinityTerms(), namespaces);
            antiAffinityTerms = AffinityTerms.resolveNamespaces(podInfo.requiredAntiAffinityTerms(), namespaces);
        } catch (RuntimeException e) {
            return PreFilterResult.failed(Status.error(e));
        }
        Map<String, String> namespaceLabels = AffinityTerms.namespaceLabels(pod, namespaces);
        TopologyCounts existingAntiAffinity = existingAntiAffinityCounts(pod, namespaceLabels);
        TopologyCounts[] incoming = incomingCounts(affinityTerms, antiAffinityTerms, nodes);
        if (existingAntiAffinity.isEmpty() && affinityTerms.isEmpty() && antiAffinityTerms.isEmpty()) {
            return PreFilterResult.skip();
        }
        state.write(
                PRE_FILTER_STATE_KEY,
                new PreFilterState(
                        pod,
                        affinityTerms,
                        antiAffinityTerms,
                        namespaceLabels,
                        existingAntiAffinity,
                        incoming[0],
                        incoming[1]));
        return PreFilterResult.success();
    }

    /** Per domain, how many existing pods have a required anti-affinity term the pod matches. */
    private TopologyCounts existingAntiAffinityCounts(Pod pod, Map<String, String> namespaceLabels) {
        List<NodeInfo> nodes = handle.snapshot().havePodsWithRequiredAntiAffinityNodeInfos();
        TopologyCounts[] perNode = new TopologyCounts[nodes.size()];
        handle.parallelizer().until(nodes.size(), i -> {
            NodeInfo nodeInfo = nodes.get(i);
            Node node = nodeInfo.node();
            if (node == null) {
                return;
            }
            TopologyCounts counts = new TopologyCounts();
            for (PodInfo existing : nodeInfo.podsWithRequiredAntiAffinity()) {
                counts.addAntiAffinityMatches(existing.requiredAntiAffinityTerms(), pod, namespaceLabels, node, 1);
            }
            perNode[i] = counts;
        });
        return merge(perNode);
    }

    /** Per domain, existing pods matching all of the pod's affinity terms ([0]) and its anti-affinity terms ([1]). */
    private TopologyCounts[] incomingCounts(
            List<AffinityTerm> affinityTerms, List<AffinityTerm> antiAffinityTerms, List<NodeInfo> nodes) {
        if (affinityTerms.isEmpty() && antiAffinityTerms.isEmpty()) {
            return new TopologyCounts[] {new TopologyCounts(), new TopologyCounts()};
        }
        TopologyCounts[] affinityPerNode = new TopologyCounts[nodes.size()];
        TopologyCounts[] antiAffinityPerNode = new TopologyCounts[nodes.size()];
        handle.parallelizer().until(nodes.size(), i -> {
            NodeInfo nodeInfo = nodes.get(i);
            Node node = nodeInfo.node();
            if (node == null) {
                return;
            }
            TopologyCounts affinity = new TopologyCounts();
            TopologyCounts antiAffinity = new TopologyCounts();
            for (PodInfo existing : nodeInfo.pods()) {
                affinity.addAffinityMatch(affinityTerms, existing.pod(), node, 1);
                antiAffinity.addAntiAffinityMatches(antiAffinityTerms, existing.pod(), null, node, 1);
            }
            affinityPerNode[i] = affinity;
            antiAffinityPerNode[i] = antiAffinity;
        });
        return new TopologyCounts[] {merge(affinityPerNode), merge(antiAffinityPerNode)};
    }

    private static TopologyCounts merge(TopologyCounts[] parts) {
        TopologyCounts all = new TopologyCounts();
        for (TopologyCounts part : parts) {
            if (part != null && !part.isEmpty()) {
                all.addAll(part);
            }
        }
        return all;
    }

    @Override
    public Optional<PreFilterExtensions> preFilterExtensions() {
        return Optional.of(this);
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) {
        return update(state, podToAdd, nodeInfo, 1);
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) {
        return update(state, podToRemove, nodeInfo, -1);
    }

    private static Status update(CycleState state, PodInfo pod, NodeInfo nodeInfo, long delta) {
        try {
            if (nodeInfo.node() != null) {
                state.require(PRE_FILTER_STATE_KEY).update(pod, nodeInfo.node(), delta);
            }
            return Status.success();
        } catch (IllegalStateException e) {
            return Status.error(e);
        }
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
        Map<String, String> labels = labels(node);
        if (!satisfiesPodAffinity(state, labels)) {
            return Status.unschedulableAndUnresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
        }
        if (!satisfiesPodAntiAffinity(state, labels)) {
            return Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
        }
        if (!satisfiesExistingPodsAntiAffinity(state, labels)) {
            return Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
        }
        return Status.success();
    }

    private static boolean satisfiesPodAffinity(PreFilterState state, Map<String, String> labels) {
        boolean podsExist = true;
        for (AffinityTerm term : state.affinityTerms) {
            String value = labels.get(term.topologyKey());
            if (value == null) {
                // the node must carry every topology key the terms name
                return false;
            }
            if (state.affinityCounts.get(term.topologyKey(), value) <= 0) {
                podsExist = false;
            }
        }
        if (podsExist) {
            return true;
        }
        // The first pod of a group with affinity to itself would otherwise stay pending forever: it may
        // go anywhere the topology keys exist as long as no pod matches the terms yet and it matches
        // them itself.
        return state.affinityCounts.isEmpty() && AffinityTerms.matchesAll(state.affinityTerms, state.pod);
    }

    private static boolean satisfiesPodAntiAffinity(PreFilterState state, Map<String, String> labels) {
        if (state.antiAffinityCounts.isEmpty()) {
            return true;
        }
        for (AffinityTerm term : state.antiAffinityTerms) {
            String value = labels.get(term.topologyKey());
            if (value != null && state.antiAffinityCounts.get(term.topologyKey(), value) > 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean satisfiesExistingPodsAntiAffinity(PreFilterState state, Map<String, String> labels) {
        if (state.existingAntiAffinityCounts.isEmpty()) {
            return true;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (state.existingAntiAffinityCounts.get(label.getKey(), label.getValue()) > 0) {
                return false;
            }
        }
        return true;
    }

    // ---- PreScore / Score

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        if (feasibleNodes.isEmpty()) {
            return Status.skip();
        }
        boolean hasPreferredTerms = hasPreferredTerms(pod);
        if (args.ignorePreferredTermsOfExistingPods() && !hasPreferredTerms) {
            return Status.skip();
        }
        PodInfo podInfo = PodInfo.of(pod);
        if (podInfo.parseError().isPresent()) {
            return Status.error("failed to parse pod: " + podInfo.parseError().get());
        }
        Scoring scoring;
        try {
            scoring = new Scoring(
                    pod,
                    AffinityTerms.resolveWeightedNamespaces(podInfo.preferredAffinityTerms(), namespaces),
                    AffinityTerms.resolveWeightedNamespaces(podInfo.preferredAntiAffinityTerms(), namespaces),
                    AffinityTerms.namespaceLabels(pod, namespaces),
                    args.hardPodAffinityWeight());
        } catch (RuntimeException e) {
            return Status.error(e);
        }
        // without preferred terms of its own, only existing pods with affinity can contribute
        List<NodeInfo> nodes = hasPreferredTerms
                ? handle.snapshot().nodeInfos()
                : handle.snapshot().havePodsWithAffinityNodeInfos();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Long>>[] perNode = new Map[nodes.size()];
        AtomicInteger scored = new AtomicInteger();
        handle.parallelizer().until(nodes.size(), i -> {
            NodeInfo nodeInfo = nodes.get(i);
            if (nodeInfo.node() == null) {
                return;
            }
            Map<String, Map<String, Long>> scores = new HashMap<>();
            for (PodInfo existing : hasPreferredTerms ? nodeInfo.pods() : nodeInfo.podsWithAffinity()) {
                scoring.processExistingPod(existing, nodeInfo.node(), scores);
            }
            if (!scores.isEmpty()) {
                perNode[i] = scores;
                scored.incrementAndGet();
            }
        });
        if (scored.get() == 0) {
            return Status.skip();
        }
        Map<String, Map<String, Long>> topologyScore = new HashMap<>();
        for (Map<String, Map<String, Long>> part : perNode) {
            if (part != null) {
                part.forEach((key, values) -> values.forEach((value, score) ->
                        topologyScore.computeIfAbsent(key, k -> new HashMap<>()).merge(value, score, Long::sum)));
            }
        }
        state.write(PRE_SCORE_STATE_KEY, new PreScoreState(topologyScore));
        return Status.success();
    }

    private static boolean hasPreferredTerms(Pod pod) {
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        if (affinity == null) {
            return false;
        }
        boolean affinityTerms = affinity.getPodAffinity() != null
                && notEmpty(affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        boolean antiAffinityTerms = affinity.getPodAntiAffinity() != null
                && notEmpty(affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        return affinityTerms || antiAffinityTerms;
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    @Override
    public long score(CycleState cycleState, Pod pod, NodeInfo nodeInfo) {
        PreScoreState state = cycleState.require(PRE_SCORE_STATE_KEY);
        Map<String, String> labels = labels(nodeInfo.node());
        long score = 0;
        for (Map.Entry<String, Map<String, Long>> key : state.topologyScore.entrySet()) {
            String value = labels.get(key.getKey());
            if (value != null) {
                score += key.getValue().getOrDefault(value, 0L);
            }
        }
        return score;
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
        if (state.topologyScore.isEmpty()) {
            return Status.success();
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (NodeScore score : scores) {
            min = Math.min(min, score.score());
            max = Math.max(max, score.score());
        }
        long spread = max - min;
        for (NodeScore score : scores) {
            double scaled = spread > 0 ? (double) MAX_NODE_SCORE * ((double) (score.score() - min) / spread) : 0;
            score.setScore((long) scaled);
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
                // a new node may lack the pods that block the pod; a relabelled node may change domains
                ClusterEventWithHint.always(
                        ClusterEvent.of(EventResource.NODE, ActionType.ADD, ActionType.UPDATE_NODE_LABEL)));
    }

    /**
     * An assigned pod's change helps when it now matches the pod's affinity, no longer matches its
     * anti-affinity, or (deleted) matched its anti-affinity or carried anti-affinity the pod matches.
     */
    QueueingHint isSchedulableAfterPodChange(Pod pod, Object oldObject, Object newObject) {
        Pod original = (Pod) oldObject;
        Pod modified = (Pod) newObject;
        if ((modified != null && isUnassigned(modified)) || (original != null && isUnassigned(original))) {
            return QueueingHint.SKIP;
        }
        PodInfo podInfo = PodInfo.of(pod);
        List<AffinityTerm> affinityTerms = AffinityTerms.resolveNamespaces(podInfo.requiredAffinityTerms(), namespaces);
        List<AffinityTerm> antiAffinityTerms =
                AffinityTerms.resolveNamespaces(podInfo.requiredAntiAffinityTerms(), namespaces);
        if (original != null && modified != null) {
            if (!AffinityTerms.matchesAll(affinityTerms, original)
                    && AffinityTerms.matchesAll(affinityTerms, modified)) {
                return QueueingHint.QUEUE;
            }
            if (AffinityTerms.matchesAny(antiAffinityTerms, original)
                    && !AffinityTerms.matchesAny(antiAffinityTerms, modified)) {
                return QueueingHint.QUEUE;
            }
            return QueueingHint.SKIP;
        }
        if (modified != null) {
            return AffinityTerms.matchesAll(affinityTerms, modified) ? QueueingHint.QUEUE : QueueingHint.SKIP;
        }
        if (AffinityTerms.matchesAny(antiAffinityTerms, original)) {
            return QueueingHint.QUEUE;
        }
        Map<String, String> namespaceLabels = AffinityTerms.namespaceLabels(pod, namespaces);
        for (AffinityTerm term : PodInfo.of(original).requiredAntiAffinityTerms()) {
            if (term.matches(pod, namespaceLabels)) {
                return QueueingHint.QUEUE;
            }
        }
        return QueueingHint.SKIP;
    }

    private static boolean isUnassigned(Pod pod) {
        return pod.getSpec() == null
                || pod.getSpec().getNodeName() == null
                || pod.getSpec().getNodeName().isEmpty();
    }

    private static Map<String, String> labels(Node node) {
        Map<String, String> labels = node == null ? null : node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** Scores existing pods' contributions for one incoming pod; shared read-only by the workers. */
    private record Scoring(
            Pod pod,
            List<WeightedAffinityTerm> preferredAffinityTerms,
            List<WeightedAffinityTerm> preferredAntiAffinityTerms,
            Map<String, String> namespaceLabels,
            int hardPodAffinityWeight) {

        void processExistingPod(PodInfo existing, Node node, Map<String, Map<String, Long>> scores) {
            Map<String, String> labels = labels(node);
            if (labels.isEmpty()) {
                return;
            }
            // the incoming pod's terms have their namespaces resolved: the existing pod's namespace
            // labels are not needed
            addWeighted(preferredAffinityTerms, existing.pod(), null, labels, 1, scores);
            addWeighted(preferredAntiAffinityTerms, existing.pod(), null, labels, -1, scores);
            if (hardPodAffinityWeight > 0) {
                for (AffinityTerm term : existing.requiredAffinityTerms()) {
                    add(term, hardPodAffinityWeight, pod, namespaceLabels, labels, 1, scores);
                }
            }
            addWeighted(existing.preferredAffinityTerms(), pod, namespaceLabels, labels, 1, scores);
            addWeighted(existing.preferredAntiAffinityTerms(), pod, namespaceLabels, labels, -1, scores);
        }

        private static void addWeighted(
                List<WeightedAffinityTerm> terms,
                Pod target,
                Map<String, String> namespaceLabels,
                Map<String, String> nodeLabels,
                int multiplier,
                Map<String, Map<String, Long>> scores) {
            for (WeightedAffinityTerm term : terms) {
                add(term.term(), term.weight(), target, namespaceLabels, nodeLabels, multiplier, scores);
            }
        }

        private static void add(
                AffinityTerm term,
                int weight,
                Pod target,
                Map<String, String> namespaceLabels,
                Map<String, String> nodeLabels,
                int multiplier,
                Map<String, Map<String, Long>> scores) {
            if (!term.matches(target, namespaceLabels)) {
                return;
            }
            String value = nodeLabels.get(term.topologyKey());
            if (value != null) {
                scores.computeIfAbsent(term.topologyKey(), k -> new HashMap<>())
                        .merge(value, (long) weight * multiplier, Long::sum);
            }
        }
    }
}
