package io.skiff.kubelet.envvars;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP literal checks as k8s.io/utils/net reads them (ParseIPSloppy): never a name lookup. An
 * IPv4-mapped IPv6 address counts as IPv4, as Go's {@code To4} does.
 */
final class IpAddresses {

    private IpAddresses() {}

    static boolean isIpv4(String text) {
        if (isDottedQuad(text)) {
            return true;
        }
        InetAddress address = parseIpv6Literal(text);
        return address instanceof Inet4Address;
    }

    static boolean isIpv6(String text) {
        InetAddress address = parseIpv6Literal(text);
        return address != null && !(address instanceof Inet4Address);
    }

    /** Four decimal octets; leading zeros are accepted as the sloppy parser does. */
    private static boolean isDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Only text with a colon reaches InetAddress, which parses such literals without resolving them. */
    private static InetAddress parseIpv6Literal(String text) {
        if (text.indexOf(':') < 0 || text.indexOf('%') >= 0 || text.startsWith("[")) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
            if (!allowed) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
