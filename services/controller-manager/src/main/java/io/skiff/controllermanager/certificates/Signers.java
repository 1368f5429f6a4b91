package io.skiff.controllermanager.certificates;

/** The well-known Kubernetes signer names the controller manager serves. */
public final class Signers {

    /** Client certificates kubelets authenticate to the API server with. */
    public static final String KUBE_APISERVER_CLIENT_KUBELET = "kubernetes.io/kube-apiserver-client-kubelet";

    /** Client certificates for any user of the API server; never auto-approved. */
    public static final String KUBE_APISERVER_CLIENT = "kubernetes.io/kube-apiserver-client";

    /** Serving certificates of kubelets; never auto-approved. */
    public static final String KUBELET_SERVING = "kubernetes.io/kubelet-serving";

    private Signers() {}
}
