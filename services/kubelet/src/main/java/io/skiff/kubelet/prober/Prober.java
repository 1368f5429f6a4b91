package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

/** Runs one probe of one container and gives its verdict (Kubernetes' prober.probe). */
interface Prober {

    /** The User-Agent of HTTP and gRPC probes, for the Kubernetes version Skiff speaks. */
    String USER_AGENT = "kube-probe/1.32";

    /**
     * @param status the pod's latest status (its pod IP)
     * @param containerId the container's ID as the status names it ({@code runc://<id>})
     * @return success or failure
     * @throws ProbeActionException the probe could not run; its result is to be thrown away
     */
    ProbeResult probe(ProbeType type, Pod pod, PodStatus status, Container container, String containerId)
            throws ProbeActionException;
}
