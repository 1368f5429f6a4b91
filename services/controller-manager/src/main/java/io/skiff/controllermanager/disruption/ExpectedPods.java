package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.skiff.controllermanager.ownership.OwnerReferences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many pods a budget expects and how many must stay healthy (getExpectedPodCount). An integer
 * minAvailable counts the selected pods; a percentage minAvailable and any maxUnavailable count the
 * replicas the pods' controllers ask for, each controller once. Pods without a controller add
 * nothing there and are reported, so the budget can warn about them.
 */
final class ExpectedPods {

    /**
     * @param expected status.expectedPods
     * @param desiredHealthy status.desiredHealthy
     * @param unmanagedPods the names of selected pods without a controller, when the controllers'
     *     scale was needed
     */
    record Count(int expected, int desiredHealthy, List<String> unmanagedPods) {}

    private final ControllerScales scales;

    ExpectedPods(ControllerScales scales) {
        this.scales = scales;
    }

    /**
     * @throws IllegalStateException when a pod's controller cannot be found, or a percentage or a
     *     controller reference cannot be read
     */
    Count count(PodDisruptionBudgetSpec spec, List<Pod> pods) {
        if (spec.getMaxUnavailable() != null) {
            Scale scale = expectedScale(pods);
            int maxUnavailable = scaled(spec.getMaxUnavailable(), scale.total());
            return new Count(scale.total(), Math.max(0, scale.total() - maxUnavailable), scale.unmanaged());
        }
        if (spec.getMinAvailable() != null) {
            if (!ScaledValues.isString(spec.getMinAvailable())) {
                return new Count(pods.size(), scaled(spec.getMinAvailable(), pods.size()), List.of());
            }
            Scale scale = expectedScale(pods);
            return new Count(scale.total(), scaled(spec.getMinAvailable(), scale.total()), scale.unmanaged());
        }
        return new Count(0, 0, List.of());
    }

    private record Scale(int total, List<String> unmanaged) {}

    /** getExpectedScale: the sum of the scales of the distinct controllers of {@code pods}. */
    private Scale expectedScale(List<Pod> pods) {
        Map<String, Integer> byController = new LinkedHashMap<>();
        List<String> unmanaged = new ArrayList<>();
        for (Pod pod : pods) {
            Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
            if (ref.isEmpty()) {
                unmanaged.add(pod.getMetadata().getName());
                continue;
            }
            if (byController.containsKey(ref.get().getUid())) {
                continue;
            }
            WorkloadScale scale = scales.scaleOf(ref.get(), pod.getMetadata().getNamespace())
                    .orElseThrow(() -> new IllegalStateException(String.format(
                            "found no controllers for pod \"%s\"",
                            pod.getMetadata().getName())));
            byController.put(scale.uid(), scale.replicas());
        }
        int total = byController.values().stream().mapToInt(Integer::intValue).sum();
        return new Scale(total, List.copyOf(unmanaged));
    }

    private static int scaled(io.fabric8.kubernetes.api.model.IntOrString value, int total) {
        try {
            return ScaledValues.roundedUp(value, total);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
