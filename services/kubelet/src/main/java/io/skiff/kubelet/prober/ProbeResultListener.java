package io.skiff.kubelet.prober;

/**
 * Told whenever a container's result for a probe type changes, as Kubernetes' results managers
 * send updates: a new container's initial result, then each verdict that crossed its threshold.
 * The status manager updates started and ready from readiness and startup changes; the pod
 * workers sync the pod when liveness or startup turn to {@link ProbeResult#FAILURE} (the
 * container must be restarted). Called on a prober thread: hand the work off, do not block.
 */
@FunctionalInterface
public interface ProbeResultListener {

    /**
     * @param containerId the container the result is for, as the pod status names it
     *     ({@code runc://<id>}); a result for a container that is no longer the current one is stale
     */
    void onChange(String podUid, String containerName, String containerId, ProbeType type, ProbeResult result);
}
