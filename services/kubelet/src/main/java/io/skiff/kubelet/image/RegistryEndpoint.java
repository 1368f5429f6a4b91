package io.skiff.kubelet.image;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where a registry host is reached: loopback registries (localhost, 127.0.0.0/8, ::1) over plain
 * HTTP, as Docker and containerd allow by default, every other over HTTPS (DESIGN.md §3).
 */
record RegistryEndpoint(String scheme, String host) {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile(
            "^127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)$");

    static RegistryEndpoint of(String hostAndPort) {
        return new RegistryEndpoint(isLoopback(hostAndPort) ? "http" : "https", hostAndPort);
    }

    /** Whether the host of a host[:port] is a loopback name or address, judged without DNS. */
    static boolean isLoopback(String hostAndPort) {
        String host = hostOnly(hostAndPort);
        return host.equalsIgnoreCase("localhost")
                || IPV4_LOOPBACK.matcher(host).matches()
                || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1");
    }

    private static String hostOnly(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end < 0 ? hostAndPort : hostAndPort.substring(1, end);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    URI uri(String path) {
        return URI.create(scheme + "://" + host + path);
    }
}
