package io.skiff.kubelet.node;

/**
 * The version the kubelet reports in nodeInfo.kubeletVersion: the Kubernetes release whose API Skiff
 * serves, as the API server's /version reports it in gitVersion.
 */
public final class KubeletVersion {

    public static final String GIT_VERSION = "v1.32.0-skiff";

    private KubeletVersion() {}
}
