package io.skiff.kubelet.hollow;

import io.skiff.model.net.Ipv4Cidr;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The pod addresses of one hollow node, as host-local IPAM hands them out: the lowest free address
 * of the node's IPv4 {@code spec.podCIDR} (network and broadcast addresses excluded), kept by the
 * pod until it is released. A node without an IPv4 podCIDR gets a stable synthetic /24 of its own
 * in 100.64.0.0/10 (the shared address space, which no pod network here uses): the node with index
 * i takes the i-th /24. No traffic is ever sent to these addresses; they only fill pod status.
 */
final class PodAddresses {

    /** 100.64.0.0 as an unsigned 32-bit number. */
    private static final long SYNTHETIC_BASE = (100L << 24) | (64L << 16);

    /** 100.64.0.0/10 holds 2^14 /24 blocks. */
    private static final int SYNTHETIC_BLOCKS = 1 << 14;

    private final long network;
    private final int size;
    private final BitSet used = new BitSet();
    private final Map<String, Integer> byPod = new HashMap<>();

    private PodAddresses(long network, int size) {
        this.network = network;
        this.size = size;
    }

    /** The pool of {@code podCidr} (IPv4), else the synthetic /24 of node {@code nodeIndex}. */
    static PodAddresses of(String podCidr, int nodeIndex) {
        Ipv4Cidr cidr = parseOrNull(podCidr);
        if (cidr != null && cidr.prefixLength() <= 30) {
            return new PodAddresses(cidr.network(), (int) Math.min(cidr.size(), 1 << 16));
        }
        return new PodAddresses(SYNTHETIC_BASE + ((long) Math.floorMod(nodeIndex, SYNTHETIC_BLOCKS) << 8), 256);
    }

    /** Whether {@code ip} belongs to this pool. */
    synchronized boolean contains(String ip) {
        long address = parseIpv4(ip);
        return address >= 0 && address > network && address < network + size - 1;
    }

    /**
     * The pod's address: the one it holds, else {@code preferred} when it is in the pool and free
     * (a pod that had it before the kubelet restarted), else the lowest free one. When every address
     * is taken, pods share the last one rather than fail (hollow pods never use their address).
     */
    synchronized String allocate(String podUid, String preferred) {
        Integer held = byPod.get(podUid);
        if (held != null) {
            return format(network + held);
        }
        int offset = -1;
        long wanted = parseIpv4(preferred);
        if (wanted > network && wanted < network + size - 1 && !used.get((int) (wanted - network))) {
            offset = (int) (wanted - network);
        }
        if (offset < 0) {
            offset = used.nextClearBit(1);
            if (offset >= size - 1) {
                offset = size - 2;
            }
        }
        used.set(offset);
        byPod.put(podUid, offset);
        return format(network + offset);
    }

    /** Frees the pod's address. */
    synchronized void release(String podUid) {
        Integer offset = byPod.remove(podUid);
        if (offset != null && !byPod.containsValue(offset)) {
            used.clear(offset);
        }
    }

    synchronized int allocated() {
        return byPod.size();
    }

    private static Ipv4Cidr parseOrNull(String cidr) {
        try {
            return cidr == null ? null : Ipv4Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The address as an unsigned number, or -1 when it is not a dotted IPv4 address. */
    static long parseIpv4(String ip) {
        if (ip == null) {
            return -1;
        }
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static String format(long address) {
        return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "." + ((address >> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
