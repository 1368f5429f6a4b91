package io.skiff.kubelet.status;

import java.util.Optional;

/**
 * Probe verdicts for running containers, as Kubernetes' prober manager reports them: the seam
 * through which a prober plugs into pod status (started, ready) and into the pod workers (restart
 * on a failed liveness or startup probe). Containers are named by the pod's UID, their name and their
 * container ID as the pod status shows it ({@code process://...}). Implementations answer from
 * their latest results without blocking; after a verdict changes they ask the pod workers to sync
 * the pod again.
 */
public interface ProbeResults {

    /** Every running container is started and ready, and none is restarted: a kubelet without probes. */
    ProbeResults NONE = new ProbeResults() {
        @Override
        public boolean started(String podUid, String containerName, String containerId) {
            return true;
        }

        @Override
        public boolean ready(String podUid, String containerName, String containerId) {
            return true;
        }
    };

    /** Whether the running container passed its startup probe; true when it has none. */
    boolean started(String podUid, String containerName, String containerId);

    /** Whether the started, running container passes its readiness probe; true when it has none. */
    boolean ready(String podUid, String containerName, String containerId);

    /**
     * Why the running container must be killed and started again, as the Killing event says it
     * ({@code Container web failed liveness probe}); empty to keep it running.
     */
    default Optional<String> restartReason(String podUid, String containerName, String containerId) {
        return Optional.empty();
    }
}
