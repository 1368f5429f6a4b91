package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Normalises a plugin's raw scores over all feasible nodes into [0, {@link Score#MAX_NODE_SCORE}]. */
public interface ScoreExtensions {

    Status normalizeScore(CycleState state, Pod pod, List<NodeScore> scores);
}
