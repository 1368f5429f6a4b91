package io.skiff.scheduler.plugins.interpodaffinity;

import io.skiff.scheduler.framework.StateData;
import java.util.Map;

/**
 * The preferred-affinity score of every topology domain, by topology key then value: what a node
 * scores is the sum over the keys it carries. Immutable once PreScore wrote it.
 */
final class PreScoreState implements StateData {

    final Map<String, Map<String, Long>> topologyScore;

    PreScoreState(Map<String, Map<String, Long>> topologyScore) {
        this.topologyScore = topologyScore;
    }

    @Override
    public PreScoreState copy() {
        return this;
    }
}
