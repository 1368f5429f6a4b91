package io.skiff.component.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

class NetworkNamespaceTest {

    private final String name = "skiff-nstest-" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeEach
    void createNamespace() throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "joining a network namespace needs root; this test runs as " + System.getProperty("user.name"));
        assumeTrue(run(List.of("ip", "netns", "add", name)) == 0, "`ip netns add` failed (is iproute2 installed?)");
        run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        run(List.of("ip", "netns", "delete", name));
    }

    @Test
    void socketsOpenedInsideLiveInTheNamespace() throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.of(name);
                ServerSocketChannel server = namespace.call(() -> {
                    ServerSocketChannel channel = ServerSocketChannel.open();
                    channel.bind(new InetSocketAddress("127.0.0.1", 0));
                    return channel;
                })) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();

            String listening = output(List.of("ip", "netns", "exec", name, "ss", "-Hltn", "sport = :" + port));
            assertThat(listening).contains("127.0.0.1]:" + port);
            String onHost = output(List.of("ss", "-Hltn", "sport = :" + port));
            assertThat(onHost).doesNotContain(":" + port);

            try (SocketChannel client =
                            namespace.call(() -> SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
                    SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer read = ByteBuffer.allocate(4);
                while (read.hasRemaining() && accepted.read(read) >= 0) {}
                assertThat(new String(read.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
            }
        }
    }

    @Test
    void theCallingThreadStaysInItsOwnNamespace() throws Exception {
        NetworkNamespace namespace = NetworkNamespace.of(name);
        String here = namespaceOfThisThread();
        String inside = namespace.call(NetworkNamespaceTest::namespaceOfThisThread);

        assertThat(inside).isNotEqualTo(here);
        assertThat(namespaceOfThisThread()).isEqualTo(here);
    }

    @Test
    void reactorNettyServesAndConnectsInsideTheNamespace() throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.of(name)) {
            NamespaceLoopResources loops = new NamespaceLoopResources(namespace, "nstest");
            DisposableServer server = HttpServer.create()
                    .runOn(loops)
                    .host("127.0.0.1")
                    .port(0)
                    .handle((request, response) -> response.sendString(Mono.just("inside")))
                    .bindNow();
            try {
                String listening =
                        output(List.of("ip", "netns", "exec", name, "ss", "-Hltn", "sport = :" + server.port()));
                assertThat(listening).contains(":" + server.port());

                String answer = HttpClient.create()
                        .runOn(loops)
                        .get()
                        .uri("http://127.0.0.1:" + server.port() + "/")
                        .responseContent()
                        .aggregate()
                        .asString()
                        .block(Duration.ofSeconds(10));
                assertThat(answer).isEqualTo("inside");
            } finally {
                server.disposeNow();
                loops.dispose();
            }
        }
    }

    @Test
    void aMissingNamespaceIsRefusedWithAHint() {
        assertThatThrownBy(() -> NetworkNamespace.of("skiff-no-such-namespace"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/run/netns/skiff-no-such-namespace")
                .hasMessageContaining("ip netns add");
    }

    @Test
    void anActionsFailureReachesTheCaller() {
        NetworkNamespace namespace = NetworkNamespace.of(name);
        assertThatThrownBy(() -> namespace.call(() -> {
                    throw new IOException("bind refused");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("bind refused");
    }

    private static String namespaceOfThisThread() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    private static int run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static String output(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
