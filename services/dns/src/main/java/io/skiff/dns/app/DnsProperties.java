package io.skiff.dns.app;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cluster DNS's settings ({@code skiff.dns.*}).
 *
 * @param address the address to serve UDP and TCP on (CoreDNS: every address)
 * @param port the port to serve on; 0 picks a free one (tests)
 * @param clusterDomain the zone answered authoritatively (the kubelet's clusterDomain)
 * @param ttl the TTL of every answer, and of negative answers (the SOA minimum); kubeadm's
 *     Corefile sets CoreDNS's to 30 s
 * @param upstreamServers where names outside the cluster domain go ({@code host} or {@code
 *     host:port}, tried in order); none: such questions are REFUSED
 * @param upstreamTimeout how long one upstream may take before the next is tried
 * @param clusterIp the kube-dns Service's cluster IP, which pods' resolv.conf names (the kubelet's
 *     clusterDNS) and {@code ns.dns.<zone>} resolves to
 * @param publishService whether this server makes sure the kube-dns Service and its EndpointSlice
 *     exist
 * @param nodeAddress where pods reach this server, published as kube-dns's endpoint: the node's
 *     address on the pod network (e.g. the bridge's); unset: the gateway of {@code node-name}'s
 *     podCIDR when that is set, else {@code address} when it is a single address
 * @param nodeNetworkNamespace the network namespace the node's pod network lives in ({@code
 *     /run/netns/NAME} or a name), when it is not this process's: the server also listens there, on
 *     the node address
 * @param nodeName the Node whose pods this server serves: without {@code node-address}, its
 *     podCIDR's first address (the bridge's, the pods' gateway) is the node address
 * @param publishInterval how often the kube-dns objects are checked besides their change events
 * @param workers threads answering UDP queries
 * @param udpBacklog UDP queries queued for a worker before more are dropped
 * @param maxTcpConnections TCP connections served at once
 * @param tcpIdleTimeout how long an idle TCP connection stays open
 */
@ConfigurationProperties("skiff.dns")
public record DnsProperties(
        @DefaultValue("0.0.0.0") String address,
        @DefaultValue("53") int port,
        @DefaultValue("cluster.local") String clusterDomain,
        @DefaultValue("30s") Duration ttl,
        List<String> upstreamServers,
        @DefaultValue("2s") Duration upstreamTimeout,
        @DefaultValue("10.96.0.10") String clusterIp,
        @DefaultValue("true") boolean publishService,
        String nodeAddress,
        String nodeNetworkNamespace,
        String nodeName,
        @DefaultValue("30s") Duration publishInterval,
        @DefaultValue("4") int workers,
        @DefaultValue("1024") int udpBacklog,
        @DefaultValue("128") int maxTcpConnections,
        @DefaultValue("10s") Duration tcpIdleTimeout) {

    public DnsProperties {
        upstreamServers = upstreamServers == null ? List.of() : List.copyOf(upstreamServers);
        nodeAddress = blankToNull(nodeAddress);
        nodeNetworkNamespace = blankToNull(nodeNetworkNamespace);
        nodeName = blankToNull(nodeName);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("skiff.dns.port must be in [0, 65535]: " + port);
        }
        if (nodeNetworkNamespace != null && nodeAddress == null && nodeName == null) {
            throw new IllegalArgumentException("skiff.dns.node-network-namespace needs skiff.dns.node-address or"
                    + " skiff.dns.node-name: the address to serve on there");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
