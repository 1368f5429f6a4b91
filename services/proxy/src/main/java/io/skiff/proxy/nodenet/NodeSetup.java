package io.skiff.proxy.nodenet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What iptables mode keeps in place on the node besides its rules, checked on every full sync: the
 * service range routed to the discarding device and, if asked, the bridge netfilter setting. A
 * failure is logged, not fatal: the rules still serve every programmed address.
 */
public final class NodeSetup implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(NodeSetup.class);

    private final NodeNetwork network;
    private final ServiceRangeGuard guard;
    private final boolean bridgeNfCallIptables;

    public NodeSetup(NodeNetwork network, ServiceRangeGuard guard, boolean bridgeNfCallIptables) {
        this.network = network;
        this.guard = guard;
        this.bridgeNfCallIptables = bridgeNfCallIptables;
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
    }
}
