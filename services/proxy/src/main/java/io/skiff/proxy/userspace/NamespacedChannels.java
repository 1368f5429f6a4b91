package io.skiff.proxy.userspace;

import io.skiff.component.netns.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;

/**
 * Opens NIO channels in the node's network. A socket belongs to the network namespace of the thread
 * that created it, whichever thread binds or connects it later, so the channels are created inside
 * the namespace and handed to Netty, which binds, connects and reads them on its own threads.
 */
final class NamespacedChannels {

    private final NetworkNamespace namespace;

    /** @param namespace the node's network namespace; null for the proxy's own network */
    NamespacedChannels(NetworkNamespace namespace) {
        this.namespace = namespace;
    }

    ServerSocketChannel serverSocket() {
        return open(() -> ServerSocketChannel.open(StandardProtocolFamily.INET));
    }

    SocketChannel socket() {
        return open(() -> SocketChannel.open(StandardProtocolFamily.INET));
    }

    DatagramChannel datagram() {
        return open(() -> DatagramChannel.open(StandardProtocolFamily.INET));
    }

    private <T> T open(Callable<T> opener) {
        try {
            return namespace == null ? opener.call() : namespace.call(opener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot open a socket in " + namespace + ": " + e.getMessage(), e);
        }
    }
}
