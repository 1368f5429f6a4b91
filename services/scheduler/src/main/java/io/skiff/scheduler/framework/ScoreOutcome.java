package io.skiff.scheduler.framework;

import java.util.List;

/** The result of the Score extension point: a status and, on success, one entry per feasible node in input order. */
public record ScoreOutcome(Status status, List<NodePluginScores> nodeScores) {

    public ScoreOutcome {
        nodeScores = List.copyOf(nodeScores);
    }
}
