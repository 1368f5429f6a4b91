package io.skiff.kubelet.container;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.cri.PodSandboxConfig;

/**
 * Resolves what a pod's containers run with (Kubernetes' GenerateRunContainerOptions and the volume
 * manager in one seam): environment variables, command and arguments after $(VAR) expansion, the
 * working directory and the volume mounts, plus the pod-level work around them. The pod workers call
 * it; implementations may block (reading ConfigMaps, mounting volumes) and are called from one pod's
 * worker at a time for that pod.
 */
public interface ContainerEnvironment {

    /**
     * Resolves one container's environment before it is created.
     *
     * @throws ContainerSetupException when it cannot be resolved yet (CreateContainerConfigError)
     */
    ContainerSetup containerSetup(ContainerContext context);

    /**
     * Prepares what the pod's containers share before its sandbox is created (its volumes).
     *
     * @throws ContainerSetupException when the pod cannot start yet; the kubelet records the message
     *     and tries again on its next sync
     */
    default void preparePod(Pod pod) {}

    /**
     * The pod finished (Succeeded or Failed): its containers will not run again, so what {@link
     * #preparePod} made is no longer kept up to date (its stopped containers keep it until {@link
     * #cleanUpPod}).
     */
    default void podFinished(Pod pod) {}

    /** Undoes {@link #preparePod} once the pod's containers are gone for good. */
    default void cleanUpPod(Pod pod) {}

    /** The resolv.conf the pod's sandbox gets; null for the node's own. */
    default PodSandboxConfig.DnsConfig dnsConfig(Pod pod) {
        return null;
    }
}
