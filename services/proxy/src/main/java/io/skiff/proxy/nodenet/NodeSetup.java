package io.skiff.proxy.nodenet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What iptables mode keeps in place on the node besides its rules, checked on every full sync: the
 * service range routed to the discarding device and, if asked, the bridge netfilter setting and
 * route_localnet (for NodePorts on localhost). A
 * failure is logged, not fatal: the rules still serve every programmed address.
 */
public final class NodeSetup implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(NodeSetup.class);

    private final NodeNetwork network;
    private final ServiceRangeGuard guard;
    private final boolean bridgeNfCallIptables;
    private final boolean routeLocalnet;

    /**
     * @param routeLocalnet set net.ipv4.conf.all.route_localnet=1, which NodePorts on 127.0.0.1
     *     need (kube-proxy sets it when --iptables-localhost-nodeports is on)
     */
    public NodeSetup(
            NodeNetwork network, ServiceRangeGuard guard, boolean bridgeNfCallIptables, boolean routeLocalnet) {
        this.network = network;
        this.guard = guard;
        this.bridgeNfCallIptables = bridgeNfCallIptables;
        this.routeLocalnet = routeLocalnet;
    }

    @Override
    public void run() {
        try {
            guard.install();
        } catch (RuntimeException e) {
            log.error("cannot route the service range to its discarding device: {}", e.getMessage());
        }
        if (bridgeNfCallIptables) {
            BridgeNetfilter.enable(network);
        }
        if (routeLocalnet) {
            NodeNetwork.Result result = network.tryRun(null, "sysctl", "-w", "net.ipv4.conf.all.route_localnet=1");
            if (result.exitCode() != 0) {
                log.error(
                        "cannot set net.ipv4.conf.all.route_localnet=1; NodePorts on 127.0.0.1 will not answer: {}",
                        result.output().strip());
            }
        }
    }
}
