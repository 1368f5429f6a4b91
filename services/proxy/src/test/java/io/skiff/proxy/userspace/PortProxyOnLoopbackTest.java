package io.skiff.proxy.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.netty.resources.LoopResources;

/**
 * The userspace relays on loopback (no namespace): round robin, the next endpoint when one refuses,
 * an immediate close without endpoints, and UDP sessions.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PortProxyOnLoopbackTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final NamespacedChannels channels = new NamespacedChannels(null);
    private final LoopResources loops = LoopResources.create("proxy-test", 1, 2, true);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        loops.dispose();
    }

    @Test
    void tcpConnectionsGoRoundRobinAndSkipARefusingEndpoint() throws Exception {
        InetSocketAddress one = namedServer("one");
        InetSocketAddress two = namedServer("two");
        InetSocketAddress refusing = new InetSocketAddress(LOOPBACK, freePort());
        RoundRobin endpoints = new RoundRobin();
        endpoints.update(List.of(one, refusing, two));
        InetSocketAddress listen = new InetSocketAddress(LOOPBACK, freePort());
        TcpPortProxy proxy = new TcpPortProxy(loops, listen, endpoints, Duration.ofSeconds(2));
        proxy.start();
        closing.add(proxy);

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(call(listen));
        }

        assertThat(seen).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void withClientIpAffinityEveryTcpConnectionOfAClientReachesTheSameEndpoint() throws Exception {
        InetSocketAddress one = namedServer("one");
        InetSocketAddress two = namedServer("two");
        RoundRobin endpoints = new RoundRobin();
        endpoints.update(List.of(one, two), 10800);
        InetSocketAddress listen = new InetSocketAddress(LOOPBACK, freePort());
        TcpPortProxy proxy = new TcpPortProxy(loops, listen, endpoints, Duration.ofSeconds(2));
        proxy.start();
        closing.add(proxy);

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(call(listen));
        }

        assertThat(seen).hasSize(1);
    }

    @Test
    void aTcpConnectionWithoutEndpointsIsClosedAtOnce() throws Exception {
        InetSocketAddress listen = new InetSocketAddress(LOOPBACK, freePort());
        TcpPortProxy proxy = new TcpPortProxy(loops, listen, new RoundRobin(), Duration.ofSeconds(2));
        proxy.start();
        closing.add(proxy);

        long start = System.nanoTime();
        assertThat(call(listen)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void udpDatagramsReachAnEndpointAndRepliesComeBackFromTheServiceAddress() throws Exception {
        DatagramSocket echo = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        closing.add(echo);
        Thread echoing = new Thread(() -> {
            byte[] buffer = new byte[512];
            try {
                while (!echo.isClosed()) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    echo.receive(packet);
                    byte[] reply = ("echo:"
                                    + new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    echo.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                // closed
            }
        });
        echoing.setDaemon(true);
        echoing.start();
        RoundRobin endpoints = new RoundRobin();
        endpoints.update(List.of((InetSocketAddress) echo.getLocalSocketAddress()));
        InetSocketAddress listen = new InetSocketAddress(LOOPBACK, freePort());
        UdpPortProxy proxy = new UdpPortProxy(group, channels, listen, endpoints, Duration.ofMillis(500));
        proxy.start();
        closing.add(proxy);

        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            client.setSoTimeout(3000);
            for (String message : List.of("a", "b")) {
                byte[] out = message.getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(out, out.length, listen));
                DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                client.receive(reply);
                assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
                        .isEqualTo("echo:" + message);
                assertThat(reply.getSocketAddress()).isEqualTo(listen);
            }
        }
    }

    /** A TCP server answering each connection with {@code name} and closing it. */
    private InetSocketAddress namedServer(String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        closing.add(server);
        Thread serving = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept();
                        OutputStream out = socket.getOutputStream()) {
                    out.write(name.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        serving.setDaemon(true);
        serving.start();
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private static String call(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2000);
            socket.setSoTimeout(3000);
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }
}
