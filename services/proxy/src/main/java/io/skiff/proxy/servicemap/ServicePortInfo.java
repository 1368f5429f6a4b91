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
 */
public record ServicePortInfo(
        ServicePortName name,
        String clusterIp,
        int port,
        String protocol,
        int nodePort,
        List<String> externalIps,
        List<String> loadBalancerIps,
        int stickyMaxAgeSeconds) {

    public ServicePortInfo {
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
    }

    public boolean clientIpAffinity() {
        return stickyMaxAgeSeconds > 0;
    }

    /** Reachable from outside the cluster network (kube-proxy's ExternallyAccessible). */
    public boolean externallyAccessible() {
        return nodePort != 0 || !externalIps.isEmpty() || !loadBalancerIps.isEmpty();
    }
}
