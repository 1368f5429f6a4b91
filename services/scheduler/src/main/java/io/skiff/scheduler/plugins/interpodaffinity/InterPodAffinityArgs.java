package io.skiff.scheduler.plugins.interpodaffinity;

/**
 * InterPodAffinity's arguments, as KubeSchedulerConfiguration's InterPodAffinityArgs.
 *
 * @param hardPodAffinityWeight the score weight an existing pod's <em>required</em> affinity term
 *     adds when the incoming pod matches it, 0-100; default 1
 * @param ignorePreferredTermsOfExistingPods whether to skip scoring when the incoming pod has no
 *     preferred terms of its own (existing pods' terms are then not looked at); default false
 */
public record InterPodAffinityArgs(Integer hardPodAffinityWeight, Boolean ignorePreferredTermsOfExistingPods) {

    /** Kubernetes' default hardPodAffinityWeight. */
    public static final int DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

    /**
     * @throws IllegalArgumentException when the weight is outside 0-100
     */
    public InterPodAffinityArgs {
        hardPodAffinityWeight =
                hardPodAffinityWeight == null ? DEFAULT_HARD_POD_AFFINITY_WEIGHT : hardPodAffinityWeight;
        ignorePreferredTermsOfExistingPods =
                ignorePreferredTermsOfExistingPods != null && ignorePreferredTermsOfExistingPods;
        if (hardPodAffinityWeight < 0 || hardPodAffinityWeight > 100) {
            throw new IllegalArgumentException(
                    "hardPodAffinityWeight: Invalid value: " + hardPodAffinityWeight + ": not in valid range [0-100]");
        }
    }

    /** The defaults: hardPodAffinityWeight 1, existing pods' preferred terms counted. */
    public static InterPodAffinityArgs defaults() {
        return new InterPodAffinityArgs(null, null);
    }
}
