package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One profile's plugins, run extension point by extension point in the order Kubernetes' framework
 * runs them. The scheduler core drives a pod through: PreFilter → Filter (per node, in parallel) →
 * PostFilter (only if no node fits) → PreScore → Score + NormalizeScore → Reserve → Permit, and in
 * the binding cycle WaitOnPermit → PreBind → Bind → PostBind, with Unreserve on any failure after
 * Reserve.
 */
public interface Framework extends Handle {

    /** Runs the PreEnqueue plugins; the first non-success holds the pod back. */
    Status runPreEnqueuePlugins(Pod pod);

    /**
     * Runs the PreFilter plugins: records Skips in the state, stops at the first rejection or error,
     * and intersects the node narrowings (UnschedulableAndUnresolvable if nothing is left).
     */
    PreFilterOutcome runPreFilterPlugins(CycleState state, Pod pod);

    /** Runs the PostFilter plugins until one succeeds; rejections are collected into one status. */
    PostFilterResult runPostFilterPlugins(CycleState state, Pod pod, NodeToStatus filteredNodeStatuses);

    /** Runs the PreScore plugins; records Skips in the state. */
    Status runPreScorePlugins(CycleState state, Pod pod, List<NodeInfo> feasibleNodes);

    /** Scores every node with every (unskipped) Score plugin, normalises, applies weights and sums. */
    ScoreOutcome runScorePlugins(CycleState state, Pod pod, List<NodeInfo> feasibleNodes);

    /** Runs Reserve in order; stops at the first failure (the caller then runs Unreserve). */
    Status runReservePluginsReserve(CycleState state, Pod pod, String nodeName);

    /** Runs Unreserve of every Reserve plugin, in reverse order. */
    void runReservePluginsUnreserve(CycleState state, Pod pod, String nodeName);

    /** Runs Permit; Wait if any plugin asked to wait and none rejected (the pod is then a {@link WaitingPod}). */
    Status runPermitPlugins(CycleState state, Pod pod, String nodeName);

    /** Blocks until the waiting pod is allowed, rejected or timed out; Success at once if it is not waiting. */
    Status waitOnPermit(Pod pod);

    Status runPreBindPlugins(CycleState state, Pod pod, String nodeName);

    /** Runs the Bind plugins until one does not Skip; Skip if all did (or none is configured). */
    Status runBindPlugins(CycleState state, Pod pod, String nodeName);

    void runPostBindPlugins(CycleState state, Pod pod, String nodeName);

    boolean hasFilterPlugins();

    boolean hasPostFilterPlugins();

    boolean hasScorePlugins();

    /** The profile's percentageOfNodesToScore, if it sets one. */
    OptionalInt percentageOfNodesToScore();

    /** The plugins enabled at an extension point, in the order they run. */
    List<String> pluginNames(ExtensionPoint point);

    /** The cluster events each plugin that can reject pods registered (all events when it registered none). */
    Map<String, List<ClusterEventWithHint>> eventsToRegister();
}
