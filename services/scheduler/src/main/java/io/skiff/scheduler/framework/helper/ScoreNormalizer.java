package io.skiff.scheduler.framework.helper;

import io.skiff.scheduler.framework.NodeScore;
import java.util.List;

/** Kubernetes' DefaultNormalizeScore: scales scores so the best becomes {@code maxPriority}. */
public final class ScoreNormalizer {

    private ScoreNormalizer() {}

    /**
     * Scales every score to {@code maxPriority * score / max}; with {@code reverse}, a node's score
     * becomes {@code maxPriority} minus that (fewer is better). When every score is 0 they stay 0,
     * or all become {@code maxPriority} when reversed.
     */
    public static void normalize(long maxPriority, boolean reverse, List<NodeScore> scores) {
        long max = 0;
        for (NodeScore score : scores) {
            max = Math.max(max, score.score());
        }
        if (max == 0) {
            if (reverse) {
                for (NodeScore score : scores) {
                    score.setScore(maxPriority);
                }
            }
            return;
        }
        for (NodeScore score : scores) {
            long scaled = maxPriority * score.score() / max;
            score.setScore(reverse ? maxPriority - scaled : scaled);
        }
    }
}
