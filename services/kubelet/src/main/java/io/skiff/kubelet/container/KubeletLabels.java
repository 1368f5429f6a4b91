package io.skiff.kubelet.container;

/** The labels the kubelet puts on sandboxes and containers, as Kubernetes' kuberuntime does. */
public final class KubeletLabels {

    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";

    private KubeletLabels() {}
}
