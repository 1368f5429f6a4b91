package io.skiff.dns.app;

import io.skiff.dns.zone.IpAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Parses skiff.dns.upstream-servers: IP literals, with an optional port (default 53). */
final class Upstreams {

    private static final int DNS_PORT = 53;

    private Upstreams() {}

    /**
     * {@code 10.0.0.2}, {@code 10.0.0.2:5353}, {@code [fd00::2]:53} or {@code fd00::2}; a name is
     * refused, since resolving it would need the DNS this server is.
     */
    static List<InetSocketAddress> parse(List<String> servers) {
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (String server : servers) {
            upstreams.add(parseOne(server.trim()));
        }
        return upstreams;
    }

    private static InetSocketAddress parseOne(String server) {
        String host = server;
        int port = DNS_PORT;
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            if (close < 0) {
                throw invalid(server);
            }
            host = server.substring(1, close);
            if (close + 1 < server.length()) {
                port = port(server, server.substring(close + 1));
            }
        } else if (server.indexOf(':') == server.lastIndexOf(':') && server.indexOf(':') >= 0) {
            host = server.substring(0, server.indexOf(':'));
            port = port(server, server.substring(server.indexOf(':')));
        }
        InetAddress address = IpAddresses.parse(host).orElseThrow(() -> invalid(server));
        return new InetSocketAddress(address, port);
    }

    private static int port(String server, String colonAndPort) {
        if (!colonAndPort.startsWith(":")) {
            throw invalid(server);
        }
        try {
            int port = Integer.parseInt(colonAndPort.substring(1));
            if (port < 1 || port > 65535) {
                throw invalid(server);
            }
            return port;
        } catch (NumberFormatException e) {
            throw invalid(server);
        }
    }

    private static IllegalArgumentException invalid(String server) {
        return new IllegalArgumentException("skiff.dns.upstream-servers: expected an IP address with an optional"
                + " port (10.0.0.2, 10.0.0.2:5353, [fd00::2]:53), got '" + server + "'");
    }
}
