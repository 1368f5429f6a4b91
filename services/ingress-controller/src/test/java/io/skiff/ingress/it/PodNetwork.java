package io.skiff.ingress.it;

import io.skiff.component.netns.NetworkNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A node's pod network in a network namespace this test owns, with no link to the host: its
 * loopback interface also holds the "pod" addresses 10.244.250.2 and .3 (the 10.x addresses exist
 * only in here, and the namespace has no other interface, so nothing routes out). The API server rejects loopback endpoint addresses, as Kubernetes
 * does, so the test pods live here and the ingress controller reaches them by opening its upstream
 * connections inside the namespace (skiff.ingress.node-network-namespace), as on a real node.
 */
final class PodNetwork implements AutoCloseable {

    static final String POD_A = "10.244.250.2";
    static final String POD_B = "10.244.250.3";

    private final String name =
            "skiing" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
    private NetworkNamespace namespace;

    static void assumeCapable() {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "SKIPPED: the ingress integration tests need root: their pods live in a network namespace the test"
                        + " creates (the API server rejects loopback endpoint addresses)");
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "SKIPPED: iproute2's ip is not installed");
    }

    static PodNetwork create() {
        PodNetwork network = new PodNetwork();
        try {
            run("ip", "netns", "add", network.name);
            network.namespace = NetworkNamespace.of(network.path());
            run("ip", "-n", network.name, "link", "set", "lo", "up");
            run("ip", "-n", network.name, "addr", "add", POD_A + "/32", "dev", "lo");
            run("ip", "-n", network.name, "addr", "add", POD_B + "/32", "dev", "lo");
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    String path() {
        return "/run/netns/" + name;
    }

    NetworkNamespace namespace() {
        return namespace;
    }

    /** A backend pod answering on {@code address} inside the namespace. */
    EchoBackend pod(String podName, String address) throws Exception {
        return new EchoBackend(
                podName,
                namespace.call(() -> com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(address, 0), 16)));
    }

    /** A port on {@code address} inside the namespace on which nothing listens. */
    int closedPort(String address) throws Exception {
        return namespace.call(() -> {
            try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
                socket.bind(new InetSocketAddress(address, 0));
                return socket.getLocalPort();
            }
        });
    }

    @Override
    public void close() {
        if (namespace != null) {
            namespace.close();
        }
        try {
            run("ip", "netns", "delete", name);
        } catch (RuntimeException e) {
            // nothing was created
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
