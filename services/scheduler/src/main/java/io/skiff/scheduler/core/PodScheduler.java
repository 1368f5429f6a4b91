package io.skiff.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.cache.SchedulerCache;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Framework;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodePluginScores;
import io.skiff.scheduler.framework.PreFilterOutcome;
import io.skiff.scheduler.framework.ScoreOutcome;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kubernetes' scheduling algorithm for one pod (schedulePod): bring the snapshot up to date, run
 * PreFilter, try the nominated node first, filter the other nodes in parallel starting where the
 * previous pod stopped and stopping once enough feasible nodes are found, then score them and pick
 * the best, at random among equals. Used from the single scheduling thread.
 */
public final class PodScheduler {

    /** Below this many nodes every node is evaluated. */
    public static final int MIN_FEASIBLE_NODES_TO_FIND = 100;

    /** The adaptive percentage of nodes to score never drops below this. */
    public static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    private final SchedulerCache cache;
    private final Snapshot snapshot;
    private final int percentageOfNodesToScore;
    private final Random random;
    private int nextStartNodeIndex;

    /**
     * @param snapshot the snapshot the profiles' frameworks were built with
     * @param percentageOfNodesToScore the default share of nodes to find feasible; 0 means
     *     Kubernetes' adaptive share (50 % − nodes/125, at least 5 %)
     */
    public PodScheduler(SchedulerCache cache, Snapshot snapshot, int percentageOfNodesToScore, Random random) {
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException(
                    "percentageOfNodesToScore must be in [0, 100]: " + percentageOfNodesToScore);
        }
        this.cache = Objects.requireNonNull(cache, "cache");
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.percentageOfNodesToScore = percentageOfNodesToScore;
        this.random = Objects.requireNonNull(random, "random");
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Chooses a node for the pod.
     *
     * @throws FitError when no node fits; its diagnosis feeds PostFilter and requeueing
     * @throws NoNodesAvailableException when the cluster has no node
     * @throws io.skiff.scheduler.framework.SchedulingException when a plugin failed with an error
     */
    public ScheduleResult schedulePod(Framework framework, CycleState state, Pod pod)
            throws FitError, NoNodesAvailableException {
        cache.updateSnapshot(snapshot);
        if (snapshot.numNodes() == 0) {
            throw new NoNodesAvailableException();
        }
        Diagnosis diagnosis = new Diagnosis();
        List<NodeInfo> feasible = findNodesThatFitPod(framework, state, pod, diagnosis);
        if (feasible.isEmpty()) {
            throw new FitError(pod, snapshot.numNodes(), diagnosis);
        }
        int rejected = diagnosis.nodeToStatus().size();
        if (feasible.size() == 1) {
            return new ScheduleResult(feasible.get(0).nodeName(), 1 + rejected, 1);
        }
        List<NodePluginScores> scores = prioritizeNodes(framework, state, pod, feasible);
        return new ScheduleResult(selectHost(scores, random), feasible.size() + rejected, feasible.size());
    }

    private List<NodeInfo> findNodesThatFitPod(Framework framework, CycleState state, Pod pod, Diagnosis diagnosis) {
        List<NodeInfo> allNodes = snapshot.nodeInfos();
        PreFilterOutcome preFilter = framework.runPreFilterPlugins(state, pod);
        diagnosis.addUnschedulablePlugins(preFilter.unschedulablePlugins());
        Status status = preFilter.status();
        if (!status.isSuccess()) {
            if (!status.isRejected()) {
                throw status.asException();
            }
            // every node gets the same status, so preemption sees why each was refused
            diagnosis.nodeToStatus().setAbsentNodesStatus(status);
            diagnosis.setPreFilterMessage(status.message());
            diagnosis.addPluginStatus(status);
            return List.of();
        }
        String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (nominated != null && !nominated.isEmpty()) {
            // the node preemption made room on is likely the only one that fits: try it first
            NodeInfo nominatedNode = snapshot.get(nominated);
            if (nominatedNode != null) {
                List<NodeInfo> fits = new ArrayList<>(1);
                findNodesThatPassFilters(framework, state, pod, diagnosis, List.of(nominatedNode), fits);
                if (!fits.isEmpty()) {
                    return fits;
                }
            }
        }
        List<NodeInfo> nodes = allNodes;
        if (!preFilter.allNodes()) {
            nodes = new ArrayList<>(preFilter.nodeNames().size());
            for (String name : new TreeSet<>(preFilter.nodeNames())) {
                NodeInfo info = snapshot.get(name);
                if (info != null) {
                    nodes.add(info);
                }
            }
            diagnosis
                    .nodeToStatus()
                    .setAbsentNodesStatus(Status.unschedulableAndUnresolvable("node(s) didn't satisfy plugin(s) "
                            + goList(new TreeSet<>(preFilter.unschedulablePlugins()))));
        }
        List<NodeInfo> feasible = new ArrayList<>();
        try {
            findNodesThatPassFilters(framework, state, pod, diagnosis, nodes, feasible);
        } finally {
            // the next pod starts where this one stopped, so every node gets its turn
            int processed = diagnosis.nodeToStatus().size() + feasible.size();
            nextStartNodeIndex = (nextStartNodeIndex + processed) % allNodes.size();
        }
        return feasible;
    }

    /** Adds the feasible nodes to {@code feasible}, then throws if a filter failed with an error. */
    private void findNodesThatPassFilters(
            Framework framework,
            CycleState state,
            Pod pod,
            Diagnosis diagnosis,
            List<NodeInfo> nodes,
            List<NodeInfo> feasible) {
        int numNodes = nodes.size();
        if (numNodes == 0) {
            return;
        }
        int wanted = numFeasibleNodesToFind(framework.percentageOfNodesToScore(), numNodes);
        if (!framework.hasFilterPlugins()) {
            for (int i = 0; i < wanted; i++) {
                feasible.add(nodes.get((nextStartNodeIndex + i) % numNodes));
            }
            return;
        }
        NodeInfo[] passed = new NodeInfo[wanted];
        Status[] statuses = new Status[numNodes];
        AtomicInteger found = new AtomicInteger();
        AtomicReference<Status> error = new AtomicReference<>();
        int start = nextStartNodeIndex;
        framework
                .parallelizer()
                .until(
                        numNodes,
                        i -> {
                            NodeInfo node = nodes.get((start + i) % numNodes);
                            Status status = framework.runFilterPluginsWithNominatedPods(state, pod, node);
                            if (status.code() == Status.Code.ERROR) {
                                error.compareAndSet(null, status);
                                return;
                            }
                            if (status.isSuccess()) {
                                int length = found.incrementAndGet();
                                if (length > wanted) {
                                    found.decrementAndGet();
                                } else {
                                    passed[length - 1] = node;
                                }
                            } else {
                                statuses[i] = status;
                            }
                        },
                        () -> error.get() != null || found.get() >= wanted);
        for (int i = 0; i < numNodes; i++) {
            if (statuses[i] != null) {
                diagnosis.nodeToStatus().set(nodes.get((start + i) % numNodes).nodeName(), statuses[i]);
                diagnosis.addPluginStatus(statuses[i]);
            }
        }
        for (int i = 0; i < found.get(); i++) {
            feasible.add(passed[i]);
        }
        if (error.get() != null) {
            throw error.get().asException();
        }
    }

    /**
     * How many feasible nodes are enough: all of them below 100 nodes; otherwise the profile's (or
     * the scheduler's) percentage, or the adaptive 50 % − nodes/125 (at least 5 %), and never fewer
     * than 100.
     */
    int numFeasibleNodesToFind(OptionalInt profilePercentage, int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numAllNodes;
        }
        int percentage = profilePercentage.orElse(percentageOfNodesToScore);
        if (percentage == 0) {
            percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - numAllNodes / 125);
        }
        int numNodes = (int) ((long) numAllNodes * percentage / 100);
        return Math.max(MIN_FEASIBLE_NODES_TO_FIND, numNodes);
    }

    private static List<NodePluginScores> prioritizeNodes(
            Framework framework, CycleState state, Pod pod, List<NodeInfo> nodes) {
        if (!framework.hasScorePlugins()) {
            List<NodePluginScores> equal = new ArrayList<>(nodes.size());
            for (NodeInfo node : nodes) {
                equal.add(new NodePluginScores(node.nodeName(), List.of(), 1));
            }
            return equal;
        }
        Status preScore = framework.runPreScorePlugins(state, pod, nodes);
        if (!preScore.isSuccess()) {
            throw preScore.asException();
        }
        ScoreOutcome scores = framework.runScorePlugins(state, pod, nodes);
        if (!scores.status().isSuccess()) {
            throw scores.status().asException();
        }
        return scores.nodeScores();
    }

    /**
     * The node with the highest total score; among equals each is equally likely (reservoir
     * sampling in one pass, as Kubernetes' selectHost).
     */
    static String selectHost(List<NodePluginScores> scores, Random random) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("empty priorityList");
        }
        NodePluginScores selected = scores.get(0);
        long maxScore = selected.totalScore();
        int countOfMax = 1;
        for (int i = 1; i < scores.size(); i++) {
            NodePluginScores candidate = scores.get(i);
            if (candidate.totalScore() > maxScore) {
                maxScore = candidate.totalScore();
                selected = candidate;
                countOfMax = 1;
            } else if (candidate.totalScore() == maxScore) {
                countOfMax++;
                if (random.nextInt(countOfMax) == 0) {
                    selected = candidate;
                }
            }
        }
        return selected.name();
    }

    private static String goList(Iterable<String> names) {
        return "[" + String.join(" ", names) + "]";
    }
}
