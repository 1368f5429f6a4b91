package io.skiff.apiserver.defaulting;

/** policy/v1 has no defaulting functions; a PodDisruptionBudget's status counters lack omitempty. */
final class PolicyV1Defaults {

    private PolicyV1Defaults() {}

    static void addTo(KindTable table) {
        table.add(
                "policy/v1",
                "PodDisruptionBudget",
                budget -> GoEncoding.zeroInts(
                        GoEncoding.struct(budget, "status"),
                        "disruptionsAllowed",
                        "currentHealthy",
                        "desiredHealthy",
                        "expectedPods"));
    }
}
