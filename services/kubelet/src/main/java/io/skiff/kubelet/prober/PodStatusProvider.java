package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Optional;

/**
 * The latest status the kubelet computed for a pod (the status manager's cache): where probes
 * learn the pod IP, each container's ID, whether it runs and since when. Must not block.
 */
@FunctionalInterface
public interface PodStatusProvider {

    /** Empty while the pod has no status yet or after it was forgotten. */
    Optional<PodStatus> podStatus(String podUid);
}
