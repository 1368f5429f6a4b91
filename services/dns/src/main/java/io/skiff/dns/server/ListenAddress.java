package io.skiff.dns.server;

import io.skiff.component.netns.NetworkNamespace;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where to serve: an address and port, in this process's network namespace or in another (a
 * node's network that lives in its own namespace). Port 0 on the first address picks a free port;
 * on a later address it means the port the first one got.
 */
public record ListenAddress(InetSocketAddress address, Optional<NetworkNamespace> namespace) {

    public static ListenAddress here(InetSocketAddress address) {
        return new ListenAddress(address, Optional.empty());
    }

    ListenAddress withPort(int port) {
        return new ListenAddress(new InetSocketAddress(address.getAddress(), port), namespace);
    }
}
