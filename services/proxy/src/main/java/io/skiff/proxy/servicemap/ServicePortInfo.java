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
 * @param loadBalancerIps status.loadBalancer.ingress[].ip (those in VIP mode: an ingress with ipMode
 *     Proxy is reached through the load balancer, not at its own address)
 * @param loadBalancerSourceRanges spec.loadBalancerSourceRanges as normalized CIDRs: only these
 *     clients may reach the load-balancer IPs
 * @param stickyMaxAgeSeconds 0 without ClientIP session affinity, else its timeout
 * @param externalPolicyLocal externalTrafficPolicy Local on a NodePort or LoadBalancer Service:
 *     external traffic goes only to this node's endpoints, keeping the client's address
 * @param internalPolicyLocal internalTrafficPolicy Local: cluster-IP traffic goes only to this
 *     node's endpoints
 * @param healthCheckNodePort spec.healthCheckNodePort of a LoadBalancer Service with
 *     externalTrafficPolicy Local (kube-proxy's NeedsHealthCheck), else 0
 */
public record ServicePortInfo(
        ServicePortName name,
        String clusterIp,
        int port,
        String protocol,
        int nodePort,
        List<String> externalIps,
        List<String> loadBalancerIps,
        List<String> loadBalancerSourceRanges,
        int stickyMaxAgeSeconds,
        boolean externalPolicyLocal,
        boolean internalPolicyLocal,
        int healthCheckNodePort) {

    public ServicePortInfo {
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
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
