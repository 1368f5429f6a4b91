package io.skiff.scheduler.plugins.noderesources;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.EnqueueExtensions;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.PodRequests;
import io.skiff.scheduler.framework.PreFilter;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.PreScore;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.Resource;
import io.skiff.scheduler.framework.ResourceNames;
import io.skiff.scheduler.framework.Score;
import io.skiff.scheduler.framework.StateData;
import io.skiff.scheduler.framework.StateKey;
import io.skiff.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether the node has room for the pod's requests (cpu, memory, ephemeral-storage, the pod count,
 * extended resources), and how good a fit it is by the configured scoring strategy. A request larger
 * than the whole node's allocatable is UnschedulableAndUnresolvable: preemption cannot help.
 */
public final class NodeResourcesFit implements PreFilter, Filter, PreScore, Score, EnqueueExtensions {

    private static final StateKey<Requests> PRE_FILTER_KEY =
            StateKey.of("PreFilter" + Plugins.NODE_RESOURCES_FIT, Requests.class);
    private static final StateKey<ScoringRequests> PRE_SCORE_KEY =
            StateKey.of("PreScore" + Plugins.NODE_RESOURCES_FIT, ScoringRequests.class);

    /** The pod's requests, computed once per cycle. */
    private record Requests(Resource resource) implements StateData {
        @Override
        public StateData copy() {
            return this;
        }
    }

    /** The pod's requests per scored resource. */
    private record ScoringRequests(long[] requests) implements StateData {
        @Override
        public StateData copy() {
            return this;
        }
    }

    /** One resource the node lacks for the pod. */
    public record InsufficientResource(String resourceName, String reason, boolean unresolvable) {}

    private final Set<String> ignoredResources;
    private final Set<String> ignoredResourceGroups;
    private final ResourceAllocationScorer scorer;

    /**
     * @throws IllegalArgumentException when the scoring strategy is unknown or its shape invalid
     */
    public NodeResourcesFit(NodeResourcesFitArgs args) {
        this.ignoredResources = Set.copyOf(args.ignoredResources());
        this.ignoredResourceGroups = Set.copyOf(args.ignoredResourceGroups());
        this.scorer = scorer(args.scoringStrategy());
    }

    private static ResourceAllocationScorer scorer(ScoringStrategy strategy) {
        List<ResourceSpec> resources = strategy.resources();
        switch (strategy.type()) {
            case ScoringStrategy.LEAST_ALLOCATED:
                return new ResourceAllocationScorer(resources, false, Scorers.leastAllocated(resources));
            case ScoringStrategy.MOST_ALLOCATED:
                return new ResourceAllocationScorer(resources, false, Scorers.mostAllocated(resources));
            case ScoringStrategy.REQUESTED_TO_CAPACITY_RATIO:
                List<UtilizationShapePoint> shape = strategy.requestedToCapacityRatio() == null
                        ? null
                        : strategy.requestedToCapacityRatio().shape();
                validateShape(shape);
                return new ResourceAllocationScorer(
                        resources, true, Scorers.requestedToCapacityRatio(resources, shape));
            default:
                throw new IllegalArgumentException("scoringStrategy.type: Unsupported value: \"" + strategy.type()
                        + "\": supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\"");
        }
    }

    private static void validateShape(List<UtilizationShapePoint> shape) {
        if (shape == null || shape.isEmpty()) {
            throw new IllegalArgumentException(
                    "scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point must be specified");
        }
        for (int i = 0; i < shape.size(); i++) {
            UtilizationShapePoint point = shape.get(i);
            if (point.utilization() < 0 || point.utilization() > 100) {
                throw new IllegalArgumentException(
                        "shape[" + i + "].utilization must be in [0, 100]: " + point.utilization());
            }
            if (point.score() < 0 || point.score() > 10) {
                throw new IllegalArgumentException("shape[" + i + "].score must be in [0, 10]: " + point.score());
            }
            if (i > 0 && point.utilization() <= shape.get(i - 1).utilization()) {
                throw new IllegalArgumentException(
                        "shape[" + i + "].utilization: values must be sorted in increasing order");
            }
        }
    }

    @Override
    public String name() {
        return Plugins.NODE_RESOURCES_FIT;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        state.write(PRE_FILTER_KEY, new Requests(PodRequests.of(pod)));
        return PreFilterResult.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Resource requests = state.require(PRE_FILTER_KEY).resource();
        List<InsufficientResource> insufficient = fits(requests, nodeInfo, ignoredResources, ignoredResourceGroups);
        if (insufficient.isEmpty()) {
            return Status.success();
        }
        List<String> reasons = new ArrayList<>(insufficient.size());
        Status.Code code = Status.Code.UNSCHEDULABLE;
        for (InsufficientResource resource : insufficient) {
            reasons.add(resource.reason());
            if (resource.unresolvable()) {
                code = Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
            }
        }
        return Status.of(code, reasons);
    }

    /** What the node lacks for requests of this size, in Kubernetes' order: pods, cpu, memory, storage, scalars. */
    public static List<InsufficientResource> fits(
            Resource requests, NodeInfo nodeInfo, Set<String> ignoredResources, Set<String> ignoredResourceGroups) {
        List<InsufficientResource> insufficient = new ArrayList<>(4);
        Resource allocatable = nodeInfo.allocatable();
        Resource used = nodeInfo.requested();
        if (nodeInfo.pods().size() + 1 > allocatable.allowedPodNumber()) {
            insufficient.add(new InsufficientResource(ResourceNames.PODS, "Too many pods", false));
        }
        if (requests.milliCpu() == 0
                && requests.memory() == 0
                && requests.ephemeralStorage() == 0
                && requests.scalarResources().isEmpty()) {
            return insufficient;
        }
        if (requests.milliCpu() > 0 && requests.milliCpu() > allocatable.milliCpu() - used.milliCpu()) {
            insufficient.add(new InsufficientResource(
                    ResourceNames.CPU, "Insufficient cpu", requests.milliCpu() > allocatable.milliCpu()));
        }
        if (requests.memory() > 0 && requests.memory() > allocatable.memory() - used.memory()) {
            insufficient.add(new InsufficientResource(
                    ResourceNames.MEMORY, "Insufficient memory", requests.memory() > allocatable.memory()));
        }
        if (requests.ephemeralStorage() > 0
                && requests.ephemeralStorage() > allocatable.ephemeralStorage() - used.ephemeralStorage()) {
            insufficient.add(new InsufficientResource(
                    ResourceNames.EPHEMERAL_STORAGE,
                    "Insufficient ephemeral-storage",
                    requests.ephemeralStorage() > allocatable.ephemeralStorage()));
        }
        // sorted, so the reasons come out in the same order every time
        for (var scalar : new TreeMap<>(requests.scalarResources()).entrySet()) {
            String name = scalar.getKey();
            long quantity = scalar.getValue();
            if (quantity == 0 || isIgnored(name, ignoredResources, ignoredResourceGroups)) {
                continue;
            }
            if (quantity > allocatable.scalar(name) - used.scalar(name)) {
                insufficient.add(
                        new InsufficientResource(name, "Insufficient " + name, quantity > allocatable.scalar(name)));
            }
        }
        return insufficient;
    }

    private static boolean isIgnored(String name, Set<String> ignoredResources, Set<String> ignoredGroups) {
        if (!ResourceNames.isExtended(name)) {
            return false;
        }
        String group = name.substring(0, Math.max(0, name.indexOf('/')));
        return ignoredResources.contains(name) || ignoredGroups.contains(group);
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        state.write(
                PRE_SCORE_KEY, new ScoringRequests(scorer.podRequests(PodRequests.of(pod), PodRequests.nonZero(pod))));
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        long[] requests = state.read(PRE_SCORE_KEY)
                .map(ScoringRequests::requests)
                .orElseGet(() -> scorer.podRequests(PodRequests.of(pod), PodRequests.nonZero(pod)));
        return scorer.score(nodeInfo, requests);
    }

    /**
     * A deleted or scaled-down assigned pod frees room; a new node, or a node whose allocatable grew,
     * helps if the pod fits on it when empty.
     */
    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                new ClusterEventWithHint(
                        ClusterEvent.of(
                                EventResource.ASSIGNED_POD, ActionType.DELETE, ActionType.UPDATE_POD_SCALE_DOWN),
                        NodeResourcesFit::afterPodChange),
                new ClusterEventWithHint(
                        ClusterEvent.of(EventResource.NODE, ActionType.ADD, ActionType.UPDATE_NODE_ALLOCATABLE),
                        this::afterNodeChange));
    }

    private static QueueingHint afterPodChange(Pod pod, Object oldObject, Object newObject) {
        if (!(oldObject instanceof Pod)) {
            return QueueingHint.SKIP;
        }
        Pod before = (Pod) oldObject;
        if (before.getSpec().getNodeName() == null
                || before.getSpec().getNodeName().isEmpty()) {
            return QueueingHint.SKIP;
        }
        if (newObject == null) {
            return QueueingHint.QUEUE;
        }
        Resource wanted = PodRequests.of(pod);
        Resource freed = PodRequests.of(before).minus(PodRequests.of((Pod) newObject));
        return anyRequestedIncreased(wanted, freed, Resource.ZERO) ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }

    private QueueingHint afterNodeChange(Pod pod, Object oldObject, Object newObject) {
        if (!(newObject instanceof Node)) {
            return QueueingHint.SKIP;
        }
        NodeInfo empty = NodeInfo.of((Node) newObject);
        Resource wanted = PodRequests.of(pod);
        if (!fits(wanted, empty, ignoredResources, ignoredResourceGroups).isEmpty()) {
            return QueueingHint.SKIP;
        }
        if (!(oldObject instanceof Node)) {
            return QueueingHint.QUEUE;
        }
        Resource before = NodeInfo.of((Node) oldObject).allocatable();
        return anyRequestedIncreased(wanted, empty.allocatable(), before) ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }

    /** Whether {@code after} exceeds {@code before} in the pod count or in any resource the pod requests. */
    private static boolean anyRequestedIncreased(Resource wanted, Resource after, Resource before) {
        if (after.allowedPodNumber() > before.allowedPodNumber()) {
            return true;
        }
        if (wanted.milliCpu() > 0 && after.milliCpu() > before.milliCpu()) {
            return true;
        }
        if (wanted.memory() > 0 && after.memory() > before.memory()) {
            return true;
        }
        if (wanted.ephemeralStorage() > 0 && after.ephemeralStorage() > before.ephemeralStorage()) {
            return true;
        }
        for (var scalar : wanted.scalarResources().entrySet()) {
            if (scalar.getValue() > 0 && after.scalar(scalar.getKey()) > before.scalar(scalar.getKey())) {
                return true;
            }
        }
        return false;
    }
}
