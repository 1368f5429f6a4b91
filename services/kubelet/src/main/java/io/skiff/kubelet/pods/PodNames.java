package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;

/** How the kubelet names a pod in messages and directories. */
final class PodNames {

    private PodNames() {}

    /** Kubernetes' format.Pod: {@code name_namespace(uid)}. */
    static String format(Pod pod) {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                + pod.getMetadata().getUid() + ")";
    }

    /** The pod's log directory name, as under /var/log/pods: {@code namespace_name_uid}. */
    static String logDirectory(Pod pod) {
        return pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName() + "_"
                + pod.getMetadata().getUid();
    }

    /** {@code namespace/name}, for logs. */
    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
