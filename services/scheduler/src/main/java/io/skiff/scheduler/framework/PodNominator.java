package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Pods nominated to nodes by preemption but not yet bound. Filters count nominated pods of equal
 * or higher priority against their node, so the room preemption made is not taken by others.
 */
public interface PodNominator {

    /** Records the nomination carried by {@code nominatingInfo}, or the pod's status.nominatedNodeName. */
    void addNominatedPod(PodInfo podInfo, NominatingInfo nominatingInfo);

    void deleteNominatedPodIfExists(Pod pod);

    /** Moves the nomination to the updated pod, keeping it if the update does not carry one. */
    void updateNominatedPod(Pod oldPod, PodInfo newPodInfo);

    /** The pods nominated to the node, in nomination order. */
    List<PodInfo> nominatedPodsForNode(String nodeName);
}
