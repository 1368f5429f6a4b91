package io.skiff.apiserver.defaulting;

/** Defaults of scheduling.k8s.io/v1 (pkg/apis/scheduling/v1/defaults.go). */
final class SchedulingV1Defaults {

    private SchedulingV1Defaults() {}

    static void addTo(KindTable table) {
        table.add(
                "scheduling.k8s.io/v1",
                "PriorityClass",
                priorityClass -> Json.putIfNull(priorityClass, "preemptionPolicy", "PreemptLowerPriority"));
    }
}
