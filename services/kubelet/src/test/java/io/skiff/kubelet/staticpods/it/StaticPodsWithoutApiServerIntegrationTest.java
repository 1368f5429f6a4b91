package io.skiff.kubelet.staticpods.it;

import static org.awaitility.Awaitility.await;

import io.skiff.kubelet.testing.KubeletInstance;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static pods need no API server: a kubelet whose API server does not answer still runs the pods of
 * its manifests, and stops them when their manifests go. (A class of its own: two kubelets running
 * at once in one JVM share Reactor Netty's global resources, which the first to close disposes of.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StaticPodsWithoutApiServerIntegrationTest {

    @TempDir
    Path root;

    @Test
    void staticPodsRunWithoutAnApiServer() throws Exception {
        Path manifests = Files.createDirectories(root.resolve("manifests"));
        Files.writeString(manifests.resolve("alone.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: alone
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: main
                    image: busybox:1.36
                    command: ["sh", "-c", "exec sleep 3611"]
                """);
        try (KubeletInstance kubelet = KubeletInstance.start(
                "http://127.0.0.1:" + unusedPort(),
                "alone-node",
                root.resolve("kubelet"),
                "--skiff.kubelet.static-pod-path=" + manifests,
                "--skiff.kubelet.file-check-frequency=1s")) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> processWith("sleep 3611").isPresent());
            long pid = processWith("sleep 3611").orElseThrow();

            Files.delete(manifests.resolve("alone.yaml"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
    }

    /** A loopback port nothing listens on: connections to it are refused at once. */
    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Optional<Long> processWith(String commandLine) {
        return ProcessHandle.current()
                .descendants()
                .filter(p ->
                        p.info().commandLine().map(c -> c.contains(commandLine)).orElse(false))
                .map(ProcessHandle::pid)
                .findFirst();
    }
}
