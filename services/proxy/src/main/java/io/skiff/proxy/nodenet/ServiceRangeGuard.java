package io.skiff.proxy.nodenet;

import io.skiff.model.net.Ipv4Cidr;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps service addresses on the node. The service range is routed to a dummy interface (an ifb
 * interface where the kernel has no dummy driver), which discards whatever is sent to it, so a packet for a service address no rule claims dies on the
 * node instead of following the default route out.
 *
 * <p>Why not a route of type unreachable or blackhole: for a process on the node, connect() looks
 * the route up before the packet reaches netfilter's nat OUTPUT chain, and both types fail that
 * lookup (EHOSTUNREACH, EINVAL), so the node itself could not reach any cluster IP even though the
 * DNAT rule was in place. A unicast route through the dummy device passes that lookup; the DNAT in
 * OUTPUT then rewrites the destination and the kernel routes the packet again, to the endpoint.
 * Forwarded packets (from pods) are DNATed in PREROUTING, before any route lookup.
 *
 * <p>In userspace mode the same interface carries each cluster IP as a local address (as
 * kube-proxy's IPVS mode puts them on kube-ipvs0), so that connections to it reach the proxy's
 * listeners; local addresses win over the range route.
 */
public final class ServiceRangeGuard {

    private static final Logger log = LoggerFactory.getLogger(ServiceRangeGuard.class);

    private final NodeNetwork network;
    private final String device;
    private final Ipv4Cidr serviceRange;
    private final Set<String> addresses = new HashSet<>();

    public ServiceRangeGuard(NodeNetwork network, String device, Ipv4Cidr serviceRange) {
        this.network = network;
        this.device = device;
        this.serviceRange = serviceRange;
    }

    /** Creates the device (if missing) and routes the service range to it; idempotent. */
    public void install() {
        if (network.tryRun(null, "ip", "link", "show", "dev", device).exitCode() != 0) {
            NodeNetwork.Result dummy = network.tryRun(null, "ip", "link", "add", device, "type", "dummy");
            if (dummy.exitCode() != 0) {
                // Kernels built without the dummy driver (CONFIG_DUMMY unset, as on some minimal VM
                // kernels) still have ifb, which likewise discards every packet routed to it: it
                // only passes on what tc redirects into it.
                log.info(
                        "no dummy interfaces here ({}); using an ifb interface",
                        dummy.output().strip());
                network.run("ip", "link", "add", device, "type", "ifb");
            }
        }
        network.run("ip", "link", "set", device, "up");
        network.run("ip", "route", "replace", serviceRange.toString(), "dev", device);
        log.info("service range {} routed to {} in {}", serviceRange, device, describe());
    }

    /** Makes exactly {@code wanted} (cluster IPs) the device's local addresses. */
    public synchronized void syncAddresses(Set<String> wanted) {
        for (String address : Set.copyOf(addresses)) {
            if (!wanted.contains(address)) {
                network.tryRun(null, "ip", "addr", "del", address + "/32", "dev", device);
                addresses.remove(address);
            }
        }
        for (String address : wanted) {
            if (!addresses.contains(address)) {
                network.run("ip", "addr", "replace", address + "/32", "dev", device);
                addresses.add(address);
            }
        }
    }

    private String describe() {
        return network.namespacePath() == null ? "the proxy's network" : network.namespacePath();
    }
}
