package io.skiff.kubelet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.kubelet.network.NetworkNamespaces;
import io.skiff.kubelet.testing.KubeletInstance;
import io.skiff.kubelet.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kubelet on the runc runtime: a pod whose image comes from a real registry on 127.0.0.1
 * is pulled, unpacked, run as an OCI container in its own network namespace on the node's podCIDR,
 * and its output read with the real kubectl through the API server. The "node" network (bridge,
 * veths, pod addresses) lives in a network namespace this test creates, with no route out. Needs
 * root, runc, the CNI plugins, iproute2, docker-registry, umoci, skopeo and busybox-static (.ci/run
 * installs them); skips loudly otherwise.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KubeletOnRuncIntegrationTest {

    private static final String NODE = "runc-node";
    private static final String NAMESPACE = "runc-e2e";
    private static final String POD_CIDR = "10.244.252.0/24";

    @TempDir
    static Path work;

    private static LocalRegistry registry;
    private static String nodeNetns;
    private static ApiServerInstance apiServer;
    private static KubeletInstance kubelet;
    private static KubeHttp http;

    @BeforeAll
    static void start() throws Exception {
        skipUnless(isRoot(), "the runc runtime needs root (namespaces, mounts, cgroups)");
        skipUnless(
                Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc")),
                "runc is not installed (apt-get install runc)");
        skipUnless(
                Files.isExecutable(Path.of("/usr/lib/cni/bridge")),
                "the CNI plugins are not installed (apt-get install containernetworking-plugins)");
        skipUnless(
                LocalRegistry.toolsInstalled(),
                "docker-registry, umoci, skopeo or busybox-static is missing (apt-get, as .ci/run does)");

        Path layout = LocalRegistry.buildBusyboxImage(work);
        registry = LocalRegistry.start(work, "open", "");
        registry.push(work, layout, null);

        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        nodeNetns = "skiff-e2e-" + suffix;
        new NetworkNamespaces(Duration.ofSeconds(10)).create(nodeNetns);
        LocalRegistry.run(work, "ip", "netns", "exec", nodeNetns, "ip", "link", "set", "lo", "up");

        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        kubelet = KubeletInstance.start(
                apiServer.baseUrl(),
                NODE,
                work.resolve("kubelet"),
                "--skiff.kubelet.runtime=runc",
                "--skiff.kubelet.node-status-update-frequency=1s",
                "--skiff.kubelet.runc.root-directory=" + work.resolve("kubelet/runc"),
                "--skiff.kubelet.runc.network-name=skiff-e2e",
                "--skiff.kubelet.runc.bridge-name=ske2e" + suffix.substring(0, 5),
                "--skiff.kubelet.runc.cgroup-parent=skiff-e2e",
                "--skiff.kubelet.runc.node-network-namespace=" + NetworkNamespaces.path(nodeNetns));
        // No controller manager here: give the node its podCIDR as node IPAM would.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/v1/nodes/" + NODE).code() == 200);
        assertThat(http.patch(
                                "/api/v1/nodes/" + NODE,
                                "{\"spec\":{\"podCIDR\":\"" + POD_CIDR + "\",\"podCIDRs\":[\"" + POD_CIDR + "\"]}}",
                                "application/merge-patch+json")
                        .code())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kubelet != null) {
            kubelet.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (nodeNetns != null) {
            new NetworkNamespaces(Duration.ofSeconds(10)).delete(nodeNetns);
        }
    }

    @Test
    void aPodFromARegistryImageRunsInARuncContainerAndKubectlReadsItsOutput() throws Exception {
        KubeHttp.Reply created =
                http.post("/api/v1/namespaces/" + NAMESPACE + "/pods", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "hello"},
                 "spec": {"nodeName": "%s", "restartPolicy": "Never",
                          "containers": [{"name": "main", "image": "%s/busybox:1"}]}}
                """.formatted(NODE, registry.host()));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);

        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() ->
                            "Succeeded".equals(pod("hello").at("/status/phase").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "the pod did not succeed; its status: " + pod("hello").path("status") + "\nevents: "
                            + http.get("/api/v1/namespaces/" + NAMESPACE + "/events")
                                    .body(),
                    e);
        }

        JsonNode pod = pod("hello");
        JsonNode status = pod.at("/status/containerStatuses/0");
        assertThat(status.at("/state/terminated/exitCode").asInt(-1)).isZero();
        assertThat(status.at("/state/terminated/reason").asText()).isEqualTo("Completed");
        assertThat(status.path("containerID").asText()).startsWith("runc://");
        assertThat(status.path("imageID").asText()).startsWith("sha256:");
        assertThat(pod.at("/status/podIP").asText()).startsWith("10.244.252.");

        Kubectl kubectl = Kubectl.against(apiServer.baseUrl(), Files.createDirectories(work.resolve("kubectl")));
        Kubectl.Result logs = kubectl.run("logs", "-n", NAMESPACE, "hello");
        assertThat(logs.exitCode()).as(logs.stderr()).isZero();
        assertThat(logs.stdout()).isEqualTo("hello from busybox\n");
    }

    private static JsonNode pod(String name) {
        return http.get("/api/v1/namespaces/" + NAMESPACE + "/pods/" + name).body();
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0)
                    .equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (Exception e) {
            return false;
        }
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.err.println("SKIPPING KubeletOnRuncIntegrationTest: " + reason);
        }
        Assumptions.assumeTrue(condition, "SKIPPED: " + reason);
    }
}
