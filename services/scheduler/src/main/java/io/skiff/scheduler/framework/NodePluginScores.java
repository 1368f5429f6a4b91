package io.skiff.scheduler.framework;

import java.util.List;

/** A node's scores from every score plugin, and their sum, which ranks the node. */
public record NodePluginScores(String name, List<PluginScore> scores, long totalScore) {

    public NodePluginScores {
        scores = List.copyOf(scores);
    }
}
