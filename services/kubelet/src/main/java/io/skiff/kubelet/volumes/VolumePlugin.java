package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;

/** One kind of volume: how it is made ready on the node. */
interface VolumePlugin {

    /** Kubernetes' plugin name, {@code kubernetes.io/configmap}. */
    String name();

    boolean supports(Volume volume);

    /** Whether its contents follow their source, so the kubelet projects them again periodically. */
    boolean refreshable();

    /** Makes the volume ready, or brings its contents up to date; idempotent. */
    MountedVolume setUp(Pod pod, Volume volume) throws VolumeSetupException;

    /** The pod's fsGroup, or null. */
    static Long fsGroup(Pod pod) {
        return pod.getSpec().getSecurityContext() == null
                ? null
                : pod.getSpec().getSecurityContext().getFsGroup();
    }
}
