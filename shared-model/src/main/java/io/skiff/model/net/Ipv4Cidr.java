package io.skiff.model.net;

/**
 * An IPv4 network in CIDR notation ({@code 10.244.0.0/16}), its address held as an unsigned 32-bit
 * value. Only dotted-quad literals parse (never a name lookup), and the host bits are cleared, as
 * Go's net.ParseCIDR does for the network it returns.
 */
public record Ipv4Cidr(long network, int prefixLength) {

    private static final long ALL_ONES = 0xFFFF_FFFFL;

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("an IPv4 prefix length is 0 to 32, got " + prefixLength);
        }
        network = network & mask(prefixLength);
    }

    /** Parses {@code a.b.c.d/n}; IPv6 is refused with a message that says so. */
    public static Ipv4Cidr parse(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR (want a.b.c.d/n): " + cidr);
        }
        String address = cidr.substring(0, slash);
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("only IPv4 CIDRs are supported, got " + cidr);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR prefix length in " + cidr, e);
        }
        long value = 0;
        for (String octet : address.split("\\.")) {
            int part = Integer.parseInt(octet);
            if (part > 255) {
                throw new IllegalArgumentException("not an IPv4 address in " + cidr);
            }
            value = (value << 8) | part;
        }
        return new Ipv4Cidr(value, prefix);
    }

    /** How many addresses the network spans. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** Whether {@code other} lies wholly inside this network. */
    public boolean contains(Ipv4Cidr other) {
        return other.prefixLength >= prefixLength && (other.network & mask(prefixLength)) == network;
    }

    @Override
    public String toString() {
        return ((network >> 24) & 0xFF) + "." + ((network >> 16) & 0xFF) + "." + ((network >> 8) & 0xFF) + "."
                + (network & 0xFF) + "/" + prefixLength;
    }

    private static long mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (ALL_ONES << (32 - prefixLength)) & ALL_ONES;
    }
}
