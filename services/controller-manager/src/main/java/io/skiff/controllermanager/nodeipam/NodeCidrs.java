package io.skiff.controllermanager.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.skiff.model.net.Ipv4Cidr;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds which subnet of the cluster CIDR: the range allocator's memory, shared by its
 * workers. It is rebuilt from the node cache at every start of the workers, so a controller manager
 * that takes over from another never hands out a subnet the other one gave a node.
 */
final class NodeCidrs {

    private static final Logger log = LoggerFactory.getLogger(NodeCidrs.class);

    private final Ipv4Cidr cluster;
    private final int nodeMaskSize;
    private CidrSet set;
    private final Map<String, Ipv4Cidr> byNode = new HashMap<>();

    NodeCidrs(Ipv4Cidr cluster, int nodeMaskSize) {
        this.cluster = cluster;
        this.nodeMaskSize = nodeMaskSize;
        this.set = new CidrSet(cluster, nodeMaskSize);
    }

    Ipv4Cidr cluster() {
        return cluster;
    }

    /** Forgets everything and marks the subnets {@code nodes} hold as used. */
    synchronized void rebuild(Collection<Node> nodes) {
        set = new CidrSet(cluster, nodeMaskSize);
        byNode.clear();
        for (Node node : nodes) {
            List<String> held = NodePodCidrs.of(node);
            if (!held.isEmpty()) {
                occupy(node.getMetadata().getName(), held.get(0));
            }
        }
        log.info("node-ipam: {} of {} node subnets of {} in use", set.usedCount(), set.size(), cluster);
    }

    /**
     * Records that {@code node} holds {@code cidr} (read from its spec). A subnet this allocator had
     * set aside for the node in the meantime is released. A CIDR outside the cluster CIDR is logged
     * and otherwise ignored: it is not ours to manage.
     *
     * @return whether the CIDR lies inside the cluster CIDR
     */
    synchronized boolean occupy(String node, String cidr) {
        Ipv4Cidr parsed;
        try {
            parsed = Ipv4Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            log.warn("node-ipam: node {} has podCIDR {} that cannot be tracked: {}", node, cidr, e.getMessage());
            return false;
        }
        if (!cluster.contains(parsed)) {
            log.warn(
                    "node-ipam: node {} has podCIDR {} outside the cluster CIDR {}; leaving it alone",
                    node,
                    cidr,
                    cluster);
            return false;
        }
        Ipv4Cidr previous = byNode.put(node, parsed);
        if (previous != null && !previous.equals(parsed)) {
            set.release(previous);
        }
        set.occupy(parsed);
        return true;
    }

    /**
     * The subnet set aside for {@code node}: the one it already has here (a patch that did not reach
     * the cache yet, or failed), else the next free one; empty when the cluster CIDR is exhausted.
     */
    synchronized Optional<Ipv4Cidr> allocate(String node) {
        Ipv4Cidr held = byNode.get(node);
        if (held != null) {
            return Optional.of(held);
        }
        Optional<Ipv4Cidr> next = set.allocateNext();
        next.ifPresent(cidr -> byNode.put(node, cidr));
        return next;
    }

    /** Frees the subnet of a node that is gone, or whose assignment failed. */
    synchronized void release(String node) {
        Ipv4Cidr held = byNode.remove(node);
        if (held != null) {
            set.release(held);
            log.info("node-ipam: released {} of node {}", held, node);
        }
    }

    synchronized Optional<Ipv4Cidr> heldBy(String node) {
        return Optional.ofNullable(byNode.get(node));
    }

    synchronized int inUse() {
        return set.usedCount();
    }
}
