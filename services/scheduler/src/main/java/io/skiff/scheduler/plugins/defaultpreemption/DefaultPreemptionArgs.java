package io.skiff.scheduler.plugins.defaultpreemption;

/**
 * DefaultPreemption's arguments, as KubeSchedulerConfiguration's DefaultPreemptionArgs: how many
 * candidate nodes a dry run looks for before it stops, at least {@code minCandidateNodesAbsolute}
 * or {@code minCandidateNodesPercentage} percent of the nodes, whichever is more (never more than
 * there are).
 *
 * @param minCandidateNodesPercentage 0-100; default 10
 * @param minCandidateNodesAbsolute at least 0; default 100
 */
public record DefaultPreemptionArgs(Integer minCandidateNodesPercentage, Integer minCandidateNodesAbsolute) {

    public static final int DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
    public static final int DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;

    /**
     * @throws IllegalArgumentException as Kubernetes' ValidateDefaultPreemptionArgs
     */
    public DefaultPreemptionArgs {
        minCandidateNodesPercentage = minCandidateNodesPercentage == null
                ? DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE
                : minCandidateNodesPercentage;
        minCandidateNodesAbsolute =
                minCandidateNodesAbsolute == null ? DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE : minCandidateNodesAbsolute;
        if (minCandidateNodesPercentage < 0 || minCandidateNodesPercentage > 100) {
            throw new IllegalArgumentException("minCandidateNodesPercentage: Invalid value: "
                    + minCandidateNodesPercentage + ": not in valid range [0, 100]");
        }
        if (minCandidateNodesAbsolute < 0) {
            throw new IllegalArgumentException("minCandidateNodesAbsolute: Invalid value: " + minCandidateNodesAbsolute
                    + ": not in valid range [0, inf)");
        }
        if (minCandidateNodesPercentage == 0 && minCandidateNodesAbsolute == 0) {
            throw new IllegalArgumentException(
                    "minCandidateNodesPercentage and minCandidateNodesAbsolute: Invalid value: both cannot be zero");
        }
    }

    public static DefaultPreemptionArgs defaults() {
        return new DefaultPreemptionArgs(null, null);
    }

    /** How many candidates a dry run over {@code nodes} potential nodes looks for. */
    int candidatesToFind(int nodes) {
        int wanted = (int) ((long) nodes * minCandidateNodesPercentage / 100);
        wanted = Math.max(wanted, minCandidateNodesAbsolute);
        return Math.min(wanted, nodes);
    }
}
