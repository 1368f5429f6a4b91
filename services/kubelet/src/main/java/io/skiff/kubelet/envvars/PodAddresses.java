package io.skiff.kubelet.envvars;

import java.util.List;

/**
 * The addresses the downward API reports for a pod.
 *
 * @param podIps the sandbox's addresses, as the runtime reported them; empty before it has one
 * @param hostIps the node's addresses, its preferred family first
 */
public record PodAddresses(List<String> podIps, List<String> hostIps) {

    public PodAddresses {
        podIps = List.copyOf(podIps);
        hostIps = List.copyOf(hostIps);
    }

    /**
     * The pod IPs as the kubelet reports them: at most one per family, the node's family first
     * (IPv4 when the node has no address), anything that is not an IP dropped.
     */
    public List<String> sortedPodIps() {
        boolean ipv6First = !hostIps.isEmpty() && IpAddresses.isIpv6(hostIps.get(0));
        String primary = null;
        String secondary = null;
        for (String ip : podIps) {
            if (primary == null && (ipv6First ? IpAddresses.isIpv6(ip) : IpAddresses.isIpv4(ip))) {
                primary = ip;
            }
            if (secondary == null && (ipv6First ? IpAddresses.isIpv4(ip) : IpAddresses.isIpv6(ip))) {
                secondary = ip;
            }
        }
        if (primary == null) {
            return secondary == null ? List.of() : List.of(secondary);
        }
        return secondary == null ? List.of(primary) : List.of(primary, secondary);
    }
}
