package io.skiff.proxy.nodenet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets net.bridge.bridge-nf-call-iptables=1 in the node's network. Pods on one node share a
 * bridge: when a pod calls a cluster IP whose endpoint is another pod on the same bridge, the reply
 * travels pod to pod at layer 2 and never crosses the routing code, so without this setting
 * netfilter never sees it, conntrack cannot undo the DNAT and the client receives a reply from an
 * address it never called. The setting exists only while the br_netfilter module is loaded; where
 * it is missing there is nothing to do (no bridge, or a kernel without it), as kube-proxy only
 * warns.
 */
public final class BridgeNetfilter {

    private static final Logger log = LoggerFactory.getLogger(BridgeNetfilter.class);

    private BridgeNetfilter() {}

    public static void enable(NodeNetwork network) {
        NodeNetwork.Result result = network.tryRun(null, "sysctl", "-w", "net.bridge.bridge-nf-call-iptables=1");
        if (result.exitCode() != 0) {
            log.warn(
                    "cannot set net.bridge.bridge-nf-call-iptables=1 (is br_netfilter loaded?): {}",
                    result.output().strip());
        }
    }
}
