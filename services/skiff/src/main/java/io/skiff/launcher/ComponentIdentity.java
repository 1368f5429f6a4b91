package io.skiff.launcher;

import java.util.List;

/**
 * Who a component is to the API server: the user and groups of its client certificate, the names
 * Kubernetes' default RBAC policy binds (kube-scheduler's, kube-controller-manager's, a kubelet's
 * {@code system:node:<name>}, kube-proxy's), and Skiff's own for the cluster DNS and the ingress
 * controller, whose Kubernetes counterparts run as pods with service accounts.
 */
record ComponentIdentity(String user, List<String> groups) {

    static final String MASTERS = "system:masters";
    static final String NODES = "system:nodes";

    /** The administrator the kubeconfig speaks for. */
    static final ComponentIdentity ADMIN = new ComponentIdentity("system:admin", List.of(MASTERS));

    ComponentIdentity {
        groups = List.copyOf(groups);
    }

    /**
     * The identity of {@code component}; the kubelet's is its node's. A hollow kubelet plays many
     * nodes at once, so no one node identity fits it: it is a simulation for benchmarks, and acts
     * as an administrator.
     */
    static ComponentIdentity of(String component, String nodeName, NodeRuntime runtime) {
        return switch (component) {
            case ServerComponents.SCHEDULER -> new ComponentIdentity("system:kube-scheduler", List.of());
            case ServerComponents.CONTROLLER_MANAGER ->
                new ComponentIdentity("system:kube-controller-manager", List.of());
            case ServerComponents.KUBELET ->
                runtime == NodeRuntime.HOLLOW
                        ? new ComponentIdentity("system:skiff:hollow-kubelet", List.of(MASTERS))
                        : new ComponentIdentity("system:node:" + nodeName, List.of(NODES));
            case ServerComponents.PROXY -> new ComponentIdentity("system:kube-proxy", List.of());
            case ServerComponents.DNS -> new ComponentIdentity("system:skiff:cluster-dns", List.of());
            case ServerComponents.INGRESS_CONTROLLER ->
                new ComponentIdentity("system:skiff:ingress-controller", List.of());
            default -> throw new IllegalArgumentException("no identity for component " + component);
        };
    }
}
