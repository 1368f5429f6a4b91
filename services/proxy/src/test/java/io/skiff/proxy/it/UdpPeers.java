package io.skiff.proxy.it;

import io.skiff.component.netns.NetworkNamespace;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * UDP ends inside the lab's network namespaces, from the test JVM: a responder that answers every
 * datagram with its name (a pod's UDP server), and a client that keeps one source port, as a
 * resolver or a game client does, so its datagrams stay one conntrack flow.
 */
final class UdpPeers {

    private UdpPeers() {}

    private static DatagramChannel bound(NetworkNamespace namespace, int port) throws Exception {
        return namespace.call(() -> {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress(port));
            return channel;
        });
    }

    /** Answers each datagram on {@code port} with {@code name}. */
    static final class Responder implements AutoCloseable {
        private final NetworkNamespace namespace;
        private final DatagramChannel channel;
        private final Thread thread;

        Responder(String namespacePath, int port, String name) throws Exception {
            namespace = NetworkNamespace.of(namespacePath);
            channel = bound(namespace, port);
            byte[] answer = name.getBytes(StandardCharsets.UTF_8);
            thread = new Thread(
                    () -> {
                        ByteBuffer buffer = ByteBuffer.allocate(512);
                        while (channel.isOpen()) {
                            try {
                                buffer.clear();
                                SocketAddress from = channel.receive(buffer);
                                channel.send(ByteBuffer.wrap(answer), from);
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "udp-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws Exception {
            channel.close();
            thread.join(2000);
            namespace.close();
        }
    }

    /** Sends from one fixed source port and reads the answer. */
    static final class Client implements AutoCloseable {
        private final NetworkNamespace namespace;
        private final DatagramChannel channel;

        Client(String namespacePath, int sourcePort) throws Exception {
            namespace = NetworkNamespace.of(namespacePath);
            channel = bound(namespace, sourcePort);
            channel.socket().setSoTimeout(1000);
        }

        /** One question; the answer, or null when none came within a second. */
        String ask(String ip, int port) throws IOException {
            channel.send(ByteBuffer.wrap("?".getBytes(StandardCharsets.UTF_8)), new InetSocketAddress(ip, port));
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            try {
                channel.socket().receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            channel.close();
            namespace.close();
        }
    }
}
