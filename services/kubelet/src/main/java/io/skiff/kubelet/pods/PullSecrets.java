package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.cri.RegistryCredentials;
import java.util.List;

/** The registry credentials of a pod's imagePullSecrets, in the order the pod lists them. */
interface PullSecrets {

    /** No credentials: anonymous pulls only. */
    PullSecrets NONE = pod -> List.of();

    List<RegistryCredentials> credentials(Pod pod);
}
