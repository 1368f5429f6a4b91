package io.skiff.scheduler.framework;

/**
 * One node's score from one plugin. Mutable on purpose: NormalizeScore rewrites the scores of a
 * plugin in place, as Kubernetes' NodeScoreList.
 */
public final class NodeScore {

    private final String name;
    private long score;

    public NodeScore(String name, long score) {
        this.name = name;
        this.score = score;
    }

    public String name() {
        return name;
    }

    public long score() {
        return score;
    }

    public void setScore(long score) {
        this.score = score;
    }

    @Override
    public String toString() {
        return name + "=" + score;
    }
}
