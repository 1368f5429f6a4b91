package io.skiff.controllermanager.nodeipam;

import io.skiff.model.net.Ipv4Cidr;
import java.util.BitSet;
import java.util.Optional;

/**
 * The node subnets of a cluster CIDR and which of them are taken, one bit per subnet (nodeipam's
 * cidrset): {@code 10.244.0.0/16} with node mask 24 is 256 subnets. Allocation continues after the
 * last subnet handed out and wraps around, so a subnet just released is not handed out again at
 * once (a node that is gone may still have pods with its addresses). Not thread-safe.
 */
final class CidrSet {

    /** cidrset's limit: a cluster CIDR is cut into at most 2^16 node subnets. */
    static final int MAX_PREFIX_DIFFERENCE = 16;

    private final Ipv4Cidr cluster;
    private final int nodeMaskSize;
    private final int subnets;
    private final BitSet used;
    private int nextCandidate;

    CidrSet(Ipv4Cidr cluster, int nodeMaskSize) {
        if (nodeMaskSize < cluster.prefixLength() || nodeMaskSize > 32) {
            throw new IllegalArgumentException("node mask size " + nodeMaskSize
                    + " must lie between the cluster CIDR's " + cluster.prefixLength() + " and 32");
        }
        if (nodeMaskSize - cluster.prefixLength() > MAX_PREFIX_DIFFERENCE) {
            throw new IllegalArgumentException("cluster CIDR " + cluster + " with node mask size " + nodeMaskSize
                    + " makes more than 2^" + MAX_PREFIX_DIFFERENCE + " node subnets");
        }
        this.cluster = cluster;
        this.nodeMaskSize = nodeMaskSize;
        this.subnets = 1 << (nodeMaskSize - cluster.prefixLength());
        this.used = new BitSet(subnets);
    }

    Ipv4Cidr cluster() {
        return cluster;
    }

    /** The next free subnet, now marked used; empty when every subnet is taken. */
    Optional<Ipv4Cidr> allocateNext() {
        for (int i = 0; i < subnets; i++) {
            int candidate = (nextCandidate + i) % subnets;
            if (!used.get(candidate)) {
                used.set(candidate);
                nextCandidate = (candidate + 1) % subnets;
                return Optional.of(subnet(candidate));
            }
        }
        return Optional.empty();
    }

    /**
     * Marks {@code cidr} used: a node already holds it. A CIDR wider than a node subnet marks every
     * subnet it covers, as cidrset does.
     *
     * @throws IllegalArgumentException if {@code cidr} is not inside the cluster CIDR
     */
    void occupy(Ipv4Cidr cidr) {
        int[] range = indexRange(cidr);
        used.set(range[0], range[1] + 1);
    }

    /** Marks {@code cidr} free again. */
    void release(Ipv4Cidr cidr) {
        int[] range = indexRange(cidr);
        used.clear(range[0], range[1] + 1);
    }

    boolean isUsed(Ipv4Cidr cidr) {
        int[] range = indexRange(cidr);
        return used.get(range[0], range[1] + 1).cardinality() == range[1] - range[0] + 1;
    }

    int usedCount() {
        return used.cardinality();
    }

    int size() {
        return subnets;
    }

    private Ipv4Cidr subnet(int index) {
        return new Ipv4Cidr(cluster.network() + ((long) index << (32 - nodeMaskSize)), nodeMaskSize);
    }

    private int[] indexRange(Ipv4Cidr cidr) {
        if (!cluster.contains(cidr)) {
            throw new IllegalArgumentException(cidr + " is not inside the cluster CIDR " + cluster);
        }
        int shift = 32 - nodeMaskSize;
        int first = (int) ((cidr.network() - cluster.network()) >> shift);
        if (cidr.prefixLength() >= nodeMaskSize) {
            return new int[] {first, first};
        }
        int span = 1 << (nodeMaskSize - cidr.prefixLength());
        return new int[] {first, first + span - 1};
    }
}
