package io.skiff.apiserver.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP literal checks as Kubernetes makes them ({@code netutils.ParseIPSloppy}: IPv4 parts may have leading
 * zeros, no IPv6 zones). Never resolves names: only strings made of address characters reach the JDK parser.
 */
public final class IpAddresses {

    static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    static final String INVALID_IPV4 = "must be a valid IPv4 address";
    static final String INVALID_IPV6 = "must be a valid IPv6 address";
    static final String INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    private IpAddresses() {}

    /** The address bytes: 4 for IPv4 (also IPv4-mapped IPv6), 16 for IPv6; null when not an IP literal. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!allowed) {
                return null;
            }
        }
        try {
            // Contains ':' and only address characters, so the JDK parses it as a literal and never resolves it.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isIp(String text) {
        return parse(text) != null;
    }

    static boolean isIpv4(String text) {
        byte[] bytes = parse(text);
        return bytes != null && bytes.length == 4;
    }

    static boolean isIpv6(String text) {
        byte[] bytes = parse(text);
        return bytes != null && bytes.length == 16;
    }

    /** A CIDR such as {@code 10.244.0.0/16}; the address part may have host bits set, as Go allows. */
    static boolean isCidr(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            return false;
        }
        byte[] address = parse(text.substring(0, slash));
        String prefix = text.substring(slash + 1);
        if (address == null || prefix.isEmpty() || prefix.length() > 3) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (prefix.charAt(i) < '0' || prefix.charAt(i) > '9') {
                return false;
            }
        }
        int bits = Integer.parseInt(prefix);
        boolean mappedIpv4 = address.length == 4 && text.indexOf(':') >= 0 && text.indexOf(':') < slash;
        int maxBits = address.length == 4 && !mappedIpv4 ? 32 : 128;
        return bits <= maxBits;
    }

    /** Whether the CIDR's address is IPv6 (for dual-stack checks); assumes {@link #isCidr}. */
    static boolean isIpv6Cidr(String cidr) {
        return isIpv6(cidr.substring(0, cidr.indexOf('/')));
    }

    /** Kubernetes' {@code ValidateNonSpecialIP} messages for an address that must route to a workload. */
    static String specialRangeError(String text) {
        byte[] ip = parse(text);
        if (ip == null) {
            return "must be a valid IP address";
        }
        if (isAllZero(ip)) {
            return "may not be unspecified (" + text + ")";
        }
        if (ip.length == 4) {
            int a = ip[0] & 0xff;
            int b = ip[1] & 0xff;
            int c = ip[2] & 0xff;
            if (a == 127) {
                return "may not be in the loopback range (127.0.0.0/8, ::1/128)";
            }
            if (a == 169 && b == 254) {
                return "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
            }
            if (a == 224 && b == 0 && c == 0) {
                return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
            }
            return null;
        }
        if (isIpv6Loopback(ip)) {
            return "may not be in the loopback range (127.0.0.0/8, ::1/128)";
        }
        if ((ip[0] & 0xff) == 0xfe && (ip[1] & 0xc0) == 0x80) {
            return "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
        }
        if ((ip[0] & 0xff) == 0xff && (ip[1] & 0x0f) == 0x02) {
            return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
        }
        return null;
    }

    private static byte[] parseIpv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int pos = 0;
        int n = text.length();
        while (part < 4) {
            int start = pos;
            int value = 0;
            while (pos < n && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                value = value * 10 + (text.charAt(pos) - '0');
                if (value > 255) {
                    return null;
                }
                pos++;
            }
            if (pos == start) {
                return null;
            }
            bytes[part++] = (byte) value;
            if (part < 4) {
                if (pos >= n || text.charAt(pos) != '.') {
                    return null;
                }
                pos++;
            }
        }
        return pos == n ? bytes : null;
    }

    private static boolean isAllZero(byte[] ip) {
        for (byte b : ip) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Loopback(byte[] ip) {
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }
}
