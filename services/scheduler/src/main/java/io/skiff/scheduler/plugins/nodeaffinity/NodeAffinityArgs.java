package io.skiff.scheduler.plugins.nodeaffinity;

/**
 * NodeAffinity's arguments: node affinity the profile adds to every pod it schedules (required
 * terms ANDed with the pod's own, preferred terms added to its own).
 */
public record NodeAffinityArgs(io.fabric8.kubernetes.api.model.NodeAffinity addedAffinity) {

    public static NodeAffinityArgs defaults() {
        return new NodeAffinityArgs(null);
    }
}
