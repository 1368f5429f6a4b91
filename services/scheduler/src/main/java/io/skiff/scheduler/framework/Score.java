package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * Ranks one feasible node for the pod. Called concurrently for many nodes. After normalisation
 * every score must lie in [{@link #MIN_NODE_SCORE}, {@link #MAX_NODE_SCORE}]; the framework then
 * multiplies it by the plugin's weight in the profile and sums over plugins.
 */
public interface Score extends Plugin {

    long MIN_NODE_SCORE = 0;
    long MAX_NODE_SCORE = 100;

    /**
     * The node's raw score.
     *
     * @throws RuntimeException on an internal failure, which the framework reports as an Error
     *     status of this plugin
     */
    long score(CycleState state, Pod pod, NodeInfo nodeInfo);

    /** Normalisation of the raw scores, if this plugin's raw scores need it. */
    default Optional<ScoreExtensions> scoreExtensions() {
        return Optional.empty();
    }
}
