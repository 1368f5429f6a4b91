package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.Optional;

/**
 * How long a container killed for a failed probe gets to stop (Kubernetes'
 * setTerminationGracePeriod): a probe's own terminationGracePeriodSeconds overrides the pod's
 * when that probe failed; a pod being deleted uses its deletion grace period.
 */
public final class ProbeGracePeriods {

    /** What Kubernetes gives a container when the pod names no grace period at all. */
    static final long MINIMUM_SECONDS = 2;

    private ProbeGracePeriods() {}

    /**
     * @param failedProbe the probe the container failed ({@link ProbeManager#failedProbe}); empty
     *     when it is killed for another reason
     */
    public static long killGracePeriodSeconds(Pod pod, Container container, Optional<ProbeType> failedProbe) {
        if (pod.getMetadata().getDeletionGracePeriodSeconds() != null) {
            return pod.getMetadata().getDeletionGracePeriodSeconds();
        }
        Long podGracePeriod = pod.getSpec().getTerminationGracePeriodSeconds();
        if (podGracePeriod == null) {
            return MINIMUM_SECONDS;
        }
        return failedProbe
                .filter(type -> type != ProbeType.READINESS)
                .map(type -> type.probeOf(container))
                .map(Probe::getTerminationGracePeriodSeconds)
                .orElse(podGracePeriod);
    }
}
