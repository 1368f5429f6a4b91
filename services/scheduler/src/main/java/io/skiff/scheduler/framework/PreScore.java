package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Runs once per pod before scoring, over the nodes that passed filtering: computes what Score
 * needs, or answers Skip to leave this plugin out of scoring for the pod.
 */
public interface PreScore extends Plugin {

    Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes);
}
