package io.skiff.apiserver.allocation;

import io.skiff.model.net.Ipv4Cidr;
import java.util.OptionalInt;

/**
 * The service cluster IP range as Kubernetes' IP allocator sees an IPv4 network: the network and
 * broadcast addresses are never handed out, offset 0 is the first usable address (10.96.0.1 in
 * 10.96.0.0/12), and the static band is {@code min(max(16, size/16), 256)} addresses.
 */
public record ServiceIpRange(Ipv4Cidr cidr) {

    /** Kubernetes refuses service ranges wider than 20 bits: the allocator keeps a bitmap of them. */
    public static final int MAX_HOST_BITS = 20;

    public ServiceIpRange {
        if (32 - cidr.prefixLength() > MAX_HOST_BITS) {
            throw new IllegalArgumentException("specified service cluster IP range " + cidr
                    + " is too large; for 32-bit addresses, the mask must be >= " + (32 - MAX_HOST_BITS));
        }
    }

    public static ServiceIpRange parse(String cidr) {
        return new ServiceIpRange(Ipv4Cidr.parse(cidr));
    }

    /** Usable addresses: all but the network and the broadcast address. */
    public int size() {
        return (int) Math.max(0, cidr.size() - 2);
    }

    int staticBand() {
        long size = cidr.size();
        if (size <= 16) {
            return 0;
        }
        return (int) Math.min(Math.max(16, size / 16), 256);
    }

    /** The address at {@code offset}: offset 0 is the network address plus one. */
    public String addressAt(int offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + cidr);
        }
        long value = cidr.network() + 1 + offset;
        return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "."
                + (value & 0xFF);
    }

    /** The offset of a usable address of the range; empty for anything else (IPv6 included). */
    public OptionalInt offsetOf(String address) {
        long value = parseIpv4(address);
        long offset = value - cidr.network() - 1;
        return value < 0 || offset < 0 || offset >= size() ? OptionalInt.empty() : OptionalInt.of((int) offset);
    }

    @Override
    public String toString() {
        return cidr.toString();
    }

    /** A dotted-quad IPv4 literal as an unsigned value, or -1. */
    private static long parseIpv4(String address) {
        String[] parts = address.split("\\.", -1);
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
}
