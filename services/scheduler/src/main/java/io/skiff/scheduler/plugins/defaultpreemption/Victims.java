package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The pods to evict on one node, most important first, and how many of them evicting would violate
 * a PodDisruptionBudget.
 */
public record Victims(List<Pod> pods, int pdbViolations) {

    public Victims {
        pods = List.copyOf(pods);
    }
}
