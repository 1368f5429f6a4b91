package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.prober.ProbeManager;
import io.skiff.kubelet.status.ProbeResults;
import java.util.Optional;

/**
 * Connects the prober to the pod workers, as the kubelet's HandlePodAdditions / HandlePodUpdates /
 * HandlePodRemoves do: probe workers for a pod's containers from the moment the pod is seen, liveness
 * and startup stopped once it is being deleted, everything stopped when it is gone; and a changed
 * result syncs the pod again (a failed liveness probe restarts the container, readiness rewrites the
 * status).
 */
final class PodProbing implements ProbeResults {

    private final ProbeManager manager;

    PodProbing(ProbeManager manager) {
        this.manager = manager;
    }

    /** Probe results ask {@code workers} to sync their pod; call before pods arrive. */
    void syncOnChange(PodWorkers workers) {
        manager.addListener((podUid, containerName, containerId, type, result) -> workers.requestSync(podUid));
    }

    /** A pod to run was added or changed. */
    void podSeen(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            manager.stopLivenessAndStartup(pod);
        } else {
            manager.addPod(pod);
        }
    }

    /** A pod is gone from its source. */
    void podGone(Pod pod) {
        manager.removePod(pod.getMetadata().getUid());
    }

    @Override
    public boolean started(String podUid, String containerName, String containerId) {
        return manager.started(podUid, containerName, containerId);
    }

    @Override
    public boolean ready(String podUid, String containerName, String containerId) {
        return manager.ready(podUid, containerName, containerId);
    }

    @Override
    public Optional<String> restartReason(String podUid, String containerName, String containerId) {
        return manager.restartReason(podUid, containerName, containerId);
    }
}
