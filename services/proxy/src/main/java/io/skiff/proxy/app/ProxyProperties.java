package io.skiff.proxy.app;

import io.skiff.component.netns.NetworkNamespace;
import io.skiff.model.net.Ipv4Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The proxy's settings, the parts of KubeProxyConfiguration Skiff reads.
 *
 * @param mode {@code iptables} (kube-proxy's default: netfilter rules) or {@code userspace} (a
 *     proxy process that listens on each service address, for hosts where netfilter cannot be used)
 * @param nodeName this node's name (kube-proxy's --hostname-override), for endpoints' nodeName;
 *     the host name by default
 * @param clusterCidr the pod range (kube-proxy's --cluster-cidr): service traffic from outside it
 *     is masqueraded; empty to masquerade none but hairpin and external traffic
 * @param serviceCidr the service range: routed to a discarding device on the node so that an
 *     address no rule claims never leaves it
 * @param nodeNetworkNamespace the node's network when it lives in a network namespace (a path such
 *     as /run/netns/NAME, or a bare NAME): iptables, ip and sysctl run inside it, and the userspace
 *     proxy opens its sockets there; empty for the proxy's own network
 * @param syncPeriod how often rules are re-synced even without changes (kube-proxy: 30 s)
 * @param minSyncPeriod the least time between two syncs, so bursts of changes coalesce (250 ms;
 *     kube-proxy's 1 s, sized for clusters of thousands of nodes, would miss a p99 of 1 s from an
 *     endpoint change to rules applied under steady churn: docs/proxy.md)
 * @param masqueradeAll masquerade all service traffic (kube-proxy's --masquerade-all)
 * @param serviceDevice the dummy interface the service range is routed to and, in userspace mode,
 *     the service addresses live on (kube-proxy's IPVS mode calls its kube-ipvs0)
 * @param bridgeNfCallIptables set net.bridge.bridge-nf-call-iptables=1 (when br_netfilter is
 *     loaded), so replies bridged between pods on one node pass conntrack and get un-DNATed
 * @param udpIdleTimeout userspace mode: a UDP client's session ends after this much silence
 *     (kube-proxy's userspace --udp-timeout: 250 ms)
 * @param commandTimeout how long one iptables-restore, ip or sysctl may run
 * @param localhostNodePorts iptables mode: accept NodePorts on 127.0.0.1 too, setting
 *     route_localnet=1 (kube-proxy's --iptables-localhost-nodeports, on by default)
 * @param nodeIp this node's primary address (kube-proxy's node IP), optional: a load-balancer
 *     source range that holds it also admits the node's own calls to the load-balancer IPs
 */
@ConfigurationProperties("skiff.proxy")
public record ProxyProperties(
        @DefaultValue("iptables") String mode,
        String nodeName,
        @DefaultValue("10.244.0.0/16") String clusterCidr,
        @DefaultValue("10.96.0.0/12") String serviceCidr,
        String nodeNetworkNamespace,
        @DefaultValue("30s") Duration syncPeriod,
        @DefaultValue("250ms") Duration minSyncPeriod,
        @DefaultValue("false") boolean masqueradeAll,
        @DefaultValue("skiff-svc0") String serviceDevice,
        @DefaultValue("true") boolean bridgeNfCallIptables,
        @DefaultValue("250ms") Duration udpIdleTimeout,
        @DefaultValue("30s") Duration commandTimeout,
        @DefaultValue("true") boolean localhostNodePorts,
        String nodeIp) {

    public ProxyProperties {
        mode = mode.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("iptables") && !mode.equals("userspace")) {
            throw new IllegalArgumentException("skiff.proxy.mode must be iptables or userspace: " + mode);
        }
        if (nodeName == null || nodeName.isBlank()) {
            nodeName = hostName();
        }
        if (minSyncPeriod.compareTo(syncPeriod) > 0) {
            throw new IllegalArgumentException("skiff.proxy.min-sync-period (" + minSyncPeriod
                    + ") must not exceed sync-period (" + syncPeriod + ")");
        }
        if (serviceDevice.length() > 15) {
            throw new IllegalArgumentException(
                    "skiff.proxy.service-device: an interface name has at most 15 characters");
        }
        Ipv4Cidr.parse(serviceCidr);
        if (nodeIp != null && nodeIp.isBlank()) {
            nodeIp = null;
        }
        if (nodeIp != null) {
            Ipv4Cidr.parse(nodeIp + "/32");
        }
        if (clusterCidr != null && !clusterCidr.isBlank()) {
            Ipv4Cidr.parse(clusterCidr);
        }
    }

    public boolean iptablesMode() {
        return mode.equals("iptables");
    }

    /** The pod range, or null when none is set. */
    public Ipv4Cidr clusterRange() {
        return clusterCidr == null || clusterCidr.isBlank() ? null : Ipv4Cidr.parse(clusterCidr);
    }

    /** The node's network namespace, or null when the node's network is the proxy's own. */
    public NetworkNamespace nodeNamespace() {
        return nodeNetworkNamespace == null || nodeNetworkNamespace.isBlank()
                ? null
                : NetworkNamespace.of(nodeNetworkNamespace);
    }

    public Ipv4Cidr serviceRange() {
        return Ipv4Cidr.parse(serviceCidr);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
