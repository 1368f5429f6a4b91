package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * The last gate before binding: allow, reject, or hold the pod (e.g. until a whole gang is
 * placed). A waiting pod is released through its {@link WaitingPod} handle.
 */
public interface Permit extends Plugin {

    PermitResult permit(CycleState state, Pod pod, String nodeName);
}
