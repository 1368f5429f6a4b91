package io.skiff.kubelet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The real kubectl exec into a runc container: the command runs inside it (its hostname is the
 * pod's; the image has only busybox and sh, whose applets sh runs), with stdin, output and the
 * exit code relayed through the API server and the kubelet. Set
 * up as KubeletOnRuncIntegrationTest is (a busybox image from a registry on 127.0.0.1, the node's
 * pod network inside a network namespace this test creates, with no route out); needs root, runc,
 * the CNI plugins and the image tools, and skips loudly otherwise.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KubectlExecOnRuncIntegrationTest {

    private static final String NODE = "runc-exec-node";
    private static final String NAMESPACE = "runc-exec";
    private static final String POD_CIDR = "10.244.251.0/24";

    @TempDir
    static Path work;

    private static LocalRegistry registry;
    private static String nodeNetns;
    private static ApiServerInstance apiServer;
    private static KubeletInstance kubelet;
    private static KubeHttp http;
    private static Kubectl kubectl;

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
        nodeNetns = "skiff-exec-" + suffix;
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
                "--skiff.kubelet.runc.network-name=skiff-exec",
                "--skiff.kubelet.runc.bridge-name=skex" + suffix.substring(0, 6),
                "--skiff.kubelet.runc.cgroup-parent=skiff-exec",
                "--skiff.kubelet.runc.node-network-namespace=" + NetworkNamespaces.path(nodeNetns));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/v1/nodes/" + NODE).code() == 200);
        assertThat(http.patch(
                                "/api/v1/nodes/" + NODE,
                                "{\"spec\":{\"podCIDR\":\"" + POD_CIDR + "\",\"podCIDRs\":[\"" + POD_CIDR + "\"]}}",
                                "application/merge-patch+json")
                        .code())
                .isEqualTo(200);
        kubectl = Kubectl.against(apiServer.baseUrl(), Files.createDirectories(work.resolve("kubectl")));
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
    void kubectlExecRunsTheCommandInsideTheContainer() {
        KubeHttp.Reply created =
                http.post("/api/v1/namespaces/" + NAMESPACE + "/pods", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "box"},
                 "spec": {"nodeName": "%s", "terminationGracePeriodSeconds": 1,
                          "containers": [{"name": "main", "image": "%s/busybox:1", "args": ["sleep 3600"]}]}}
                """.formatted(NODE, registry.host()));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> http.get("/api/v1/namespaces/" + NAMESPACE + "/pods/box")
                        .body()
                        .at("/status/containerStatuses/0/state")
                        .has("running"));

        Kubectl.Result result = kubectl.run(
                "exec",
                "-n",
                NAMESPACE,
                "box",
                "--",
                "sh",
                "-c",
                "hostname; test -x /bin/busybox; echo err >&2; exit 3");
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("box\n");
        assertThat(result.stderr()).contains("err\n").contains("command terminated with exit code 3");

        Kubectl.Result echoed =
                kubectl.runWithInput("hi from stdin\n", "exec", "-i", "-n", NAMESPACE, "box", "--", "sh", "-c", "cat");
        assertThat(echoed.exitCode()).as(echoed.stderr()).isZero();
        assertThat(echoed.stdout()).isEqualTo("hi from stdin\n");
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
            System.err.println("SKIPPING KubectlExecOnRuncIntegrationTest: " + reason);
        }
        Assumptions.assumeTrue(condition, "SKIPPED: " + reason);
    }
}
