package io.skiff.proxy.servicemap;

import java.util.List;

/**
 * What the proxy programs for one service port.
 *
 * @param clusterIp the virtual IP
 * @param port the service port on the virtual IP
 * @param protocol TCP, UDP or SCTP
 * @param nodePort 0 when the Service has none
 * @param externalIps spec.externalIPs
 * @param loadBalancerIps status.loadBalancer.ingress[].ip
 * @param stickyMaxAgeSeconds 0 without ClientIP session affinity, else its timeout
 * @param externalPolicyLocal externalTrafficPolicy Local on a NodePort or LoadBalancer Service:
 *     external traffic goes only to this node's endpoints, keeping the client's address
 * @param internalPolicyLocal internalTrafficPolicy Local: cluster-IP traffic goes only to this
 *     node's endpoints
 */
public record ServicePortInfo(
        ServicePortName name,
        String clusterIp,
        int port,
        String protocol,
        int nodePort,
        List<String> externalIps,
        List<String> loadBalancerIps,
        int stickyMaxAgeSeconds,
        boolean externalPolicyLocal,
        boolean internalPolicyLocal) {

    public ServicePortInfo {
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
    }

    public boolean clientIpAffinity() {
        return stickyMaxAgeSeconds > 0;
    }

    /**
     * Whether some traffic goes to endpoints anywhere in the cluster: with the Cluster internal
     * policy, and whenever external traffic is accepted (node-local traffic to an external address
     * takes the cluster-wide path even under the Local external policy).
     */
    public boolean usesClusterEndpoints() {
        return !internalPolicyLocal || externallyAccessible();
    }

    /** Whether some traffic goes only to this node's endpoints. */
    public boolean usesLocalEndpoints() {
        return internalPolicyLocal || (externalPolicyLocal && externallyAccessible());
    }

    /** Reachable from outside the cluster network (kube-proxy's ExternallyAccessible). */
    public boolean externallyAccessible() {
        return nodePort != 0 || !externalIps.isEmpty() || !loadBalancerIps.isEmpty();
    }
}
