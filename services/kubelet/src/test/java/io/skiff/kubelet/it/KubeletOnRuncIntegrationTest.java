package io.skiff.kubelet.it;

import static io.skiff.kubelet.testing.ApiPods.condition;
import static io.skiff.kubelet.testing.ApiPods.containerStatus;
import static io.skiff.kubelet.testing.ApiPods.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.kubelet.network.NetworkNamespaces;
import io.skiff.kubelet.testing.ApiPods;
import io.skiff.kubelet.testing.KubeletInstance;
import io.skiff.kubelet.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kubelet on the runc runtime, the end-to-end scenarios of the kubelet issue: pods whose
 * image comes from a real registry on 127.0.0.1 are pulled, unpacked and run as OCI containers in
 * network namespaces on the node's podCIDR; their status, events and (through the real kubectl)
 * output are read from the API server. The "node" network (bridge, veths, pod addresses) lives in
 * a network namespace this test creates, with no route out. Needs root, runc, the CNI plugins,
 * iproute2, docker-registry, umoci, skopeo and busybox-static (.ci/run installs them); skips loudly
 * otherwise.
 *
 * <p>One API server, kubelet and registry serve every test. The scenarios' pods are all created
 * when the kubelet is up, so their image pulls, back-offs and probes overlap; each test then
 * asserts on its own pods.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KubeletOnRuncIntegrationTest {

    private static final String NODE = "runc-node";
    private static final String NAMESPACE = "runc-e2e";
    private static final String POD_CIDR = "10.244.252.0/24";
    private static final String POD_ADDRESS_PREFIX = "10.244.252.";
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    private static LocalRegistry registry;
    private static String nodeNetns;
    private static ApiServerInstance apiServer;
    private static KubeletInstance kubelet;
    private static KubeHttp http;
    private static ApiPods pods;
    private static Kubectl kubectl;
    private static Path readinessSignal;

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
        pods = new ApiPods(http, NAMESPACE);
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        kubelet = KubeletInstance.start(
                apiServer.baseUrl(),
                NODE,
                work.resolve("kubelet"),
                "--skiff.kubelet.runtime=runc",
                "--skiff.kubelet.node-status-update-frequency=1s",
                "--skiff.kubelet.runc.root-directory=" + runtimeRoot(),
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
        kubectl = Kubectl.against(apiServer.baseUrl(), Files.createDirectories(work.resolve("kubectl")));
        readinessSignal = Files.createDirectories(work.resolve("readiness-signal"));

        createScenarioPods();
    }

    /** Every scenario's pods at once, so that their pulls, back-offs and probes overlap. */
    private static void createScenarioPods() {
        pods.create(pod("hello", "Never", """
                "containers": [{"name": "main", "image": "%s"}]""".formatted(image())));
        pods.create(pod("crasher", "Always", """
                "containers": [%s]""".formatted(container("main", "echo crashing; exit 3"))));
        pods.create(pod("liveness", "Always", """
                "terminationGracePeriodSeconds": 5,
                "containers": [{"name": "main", "image": "%s",
                                "command": ["sh", "-c", "trap 'exit 0' INT TERM; touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 3600 & wait"],
                                "livenessProbe": {"exec": {"command": ["sh", "-c", "test -f /tmp/healthy"]},
                                                  "initialDelaySeconds": 1, "periodSeconds": 1, "failureThreshold": 1}}]""".formatted(image())));
        pods.create(pod("readiness", "Always", """
                "terminationGracePeriodSeconds": 1,
                "volumes": [{"name": "signal", "hostPath": {"path": "%s", "type": "Directory"}}],
                "containers": [{"name": "main", "image": "%s",
                                "command": ["sh", "-c", "trap 'exit 0' INT TERM; sleep 3600 & wait"],
                                "volumeMounts": [{"name": "signal", "mountPath": "/signal"}],
                                "readinessProbe": {"exec": {"command": ["sh", "-c", "test -f /signal/ready"]},
                                                   "periodSeconds": 1, "failureThreshold": 1}}]""".formatted(readinessSignal, image())));
        pods.create(pod("init", "Never", """
                "volumes": [{"name": "work", "emptyDir": {}}],
                "initContainers": [%s, %s],
                "containers": [%s]""".formatted(
                        withWorkVolume(container("first", "echo first init container >> /work/order")),
                        withWorkVolume(container("second", "echo second init container >> /work/order")),
                        withWorkVolume(container("main", "cat /work/order")))));
        KubeHttp.Reply configMap = http.post("/api/v1/namespaces/" + NAMESPACE + "/configmaps", """
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
                 "data": {"greeting": "hello from a configMap volume", "color": "blue"}}
                """);
        assertThat(configMap.code()).as(configMap.body().toString()).isEqualTo(201);
        pods.create(pod("configured", "Never", """
                "volumes": [{"name": "settings", "configMap": {"name": "settings"}}],
                "containers": [{"name": "main", "image": "%s",
                                "command": ["sh", "-c", "echo -n 'volume: '; cat /etc/settings/greeting; echo; ls /etc/settings; echo \\"key: $COLOR\\"; echo \\"envFrom: $CM_greeting\\""],
                                "env": [{"name": "COLOR", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "color"}}}],
                                "envFrom": [{"prefix": "CM_", "configMapRef": {"name": "settings"}}],
                                "volumeMounts": [{"name": "settings", "mountPath": "/etc/settings", "readOnly": true}]}]""".formatted(image())));
        // The image's stop signal is SIGINT, which a PID 1 without a handler ignores: only SIGKILL
        // after the grace period ends "sleeper", while "trapper" exits at once.
        pods.create(pod("sleeper", "Always", """
                "containers": [%s]""".formatted(container("main", "sleep 3600"))));
        pods.create(pod(
                "trapper", "Always", """
                "containers": [%s]""".formatted(container("main", "trap 'exit 0' INT TERM; sleep 3600 & wait"))));
        pods.create(pod("server", "Always", """
                "terminationGracePeriodSeconds": 1,
                "containers": [{"name": "main", "image": "%s",
                                "command": ["sh", "-c", "mkdir -p /www && echo hello over the pod network > /www/index.html && exec httpd -f -p 8080 -h /www"],
                                "readinessProbe": {"exec": {"command": ["sh", "-c", "echo | nc 127.0.0.1 8080"]},
                                                   "periodSeconds": 1}}]""".formatted(image())));
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
    void aPodFromARegistryImageRunsInARuncContainerAndKubectlReadsItsOutput() {
        JsonNode pod = pods.awaitPhase("hello", "Succeeded", START);

        JsonNode status = containerStatus(pod, "containerStatuses", "main");
        assertThat(status.at("/state/terminated/exitCode").asInt(-1)).isZero();
        assertThat(status.at("/state/terminated/reason").asText()).isEqualTo("Completed");
        assertThat(status.path("containerID").asText()).startsWith("runc://");
        assertThat(status.path("imageID").asText()).startsWith("sha256:");
        assertThat(pod.at("/status/podIP").asText()).startsWith(POD_ADDRESS_PREFIX);
        assertThat(logs("hello")).isEqualTo("hello from busybox\n");
    }

    @Test
    void aFailingContainerIsRestartedWithBackOff() {
        JsonNode pod = pods.await("crasher", "restarted twice and waited in CrashLoopBackOff", START, p -> {
            JsonNode status = containerStatus(p, "containerStatuses", "main");
            return status.path("restartCount").asInt() >= 2
                    && "CrashLoopBackOff"
                            .equals(status.at("/state/waiting/reason").asText());
        });

        JsonNode status = containerStatus(pod, "containerStatuses", "main");
        String podId = "crasher_" + NAMESPACE + "(" + pod.at("/metadata/uid").asText() + ")";
        assertThat(status.at("/state/waiting/message").asText())
                .matches("back-off (\\d+m)?\\d+s restarting failed container=main pod=" + Pattern.quote(podId));
        assertThat(status.at("/lastState/terminated/reason").asText()).isEqualTo("Error");
        assertThat(status.at("/lastState/terminated/exitCode").asInt()).isEqualTo(3);
        assertThat(status.path("ready").asBoolean(true)).isFalse();
        assertThat(phase(pod)).isEqualTo("Running");
        assertThat(pods.eventMessages("crasher", "BackOff"))
                .as(pods.describe("crasher"))
                .contains("Back-off restarting failed container main in pod " + podId);

        Kubectl.Result previous = kubectl.run("logs", "-n", NAMESPACE, "crasher", "--previous");
        assertThat(previous.exitCode()).as(previous.stderr()).isZero();
        assertThat(previous.stdout()).isEqualTo("crashing\n");
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer() {
        JsonNode pod = pods.await(
                "liveness",
                "was restarted after its liveness probe failed",
                START,
                p -> containerStatus(p, "containerStatuses", "main")
                                .path("restartCount")
                                .asInt()
                        >= 1);

        assertThat(containerStatus(pod, "containerStatuses", "main")
                        .at("/lastState/terminated")
                        .isMissingNode())
                .as(pods.describe("liveness"))
                .isFalse();
        assertThat(pods.eventMessages("liveness", "Killing"))
                .as(pods.describe("liveness"))
                .contains("Container main failed liveness probe, will be restarted");
        assertThat(pods.eventMessages("liveness", "Unhealthy"))
                .as(pods.describe("liveness"))
                .anyMatch(message -> message.startsWith("Liveness probe failed"));
    }

    @Test
    void theReadinessProbeFlipsTheReadyConditions() throws Exception {
        JsonNode unready = pods.await(
                "readiness",
                "ran, not ready",
                START,
                p -> "Running".equals(phase(p))
                        && "False".equals(condition(p, "Ready"))
                        && "False".equals(condition(p, "ContainersReady")));
        assertThat(containerStatus(unready, "containerStatuses", "main")
                        .path("started")
                        .asBoolean())
                .isTrue();

        Files.writeString(readinessSignal.resolve("ready"), "");
        pods.await(
                "readiness",
                "became Ready once its readiness probe passed",
                Duration.ofSeconds(30),
                p -> "True".equals(condition(p, "Ready"))
                        && "True".equals(condition(p, "ContainersReady"))
                        && containerStatus(p, "containerStatuses", "main")
                                .path("ready")
                                .asBoolean());

        Files.delete(readinessSignal.resolve("ready"));
        pods.await(
                "readiness",
                "turned unready once its readiness probe failed",
                Duration.ofSeconds(30),
                p -> "False".equals(condition(p, "Ready")) && "False".equals(condition(p, "ContainersReady")));
        assertThat(pods.eventMessages("readiness", "Unhealthy"))
                .anyMatch(message -> message.startsWith("Readiness probe failed"));
    }

    @Test
    void initContainersRunInOrderToCompletionBeforeTheAppContainer() {
        JsonNode pod = pods.awaitPhase("init", "Succeeded", START);

        for (String init : List.of("first", "second")) {
            JsonNode terminated =
                    containerStatus(pod, "initContainerStatuses", init).at("/state/terminated");
            assertThat(terminated.path("reason").asText()).as(init).isEqualTo("Completed");
            assertThat(terminated.path("exitCode").asInt(-1)).as(init).isZero();
        }
        assertThat(condition(pod, "Initialized")).isEqualTo("True");
        assertThat(logs("init")).isEqualTo("first init container\nsecond init container\n");
    }

    @Test
    void aConfigMapIsVisibleInsideAsAVolumeAndAsEnvironment() {
        pods.awaitPhase("configured", "Succeeded", START);

        assertThat(logs("configured")).isEqualTo("""
                volume: hello from a configMap volume
                color
                greeting
                key: blue
                envFrom: hello from a configMap volume
                """);
    }

    @Test
    void deletionStopsThePodsWithinTheGracePeriod() throws Exception {
        List<String> names = List.of("sleeper", "trapper");
        for (String name : names) {
            pods.await(name, "ran", START, p -> "True".equals(condition(p, "Ready")));
        }
        List<String> containerIds = names.stream()
                .map(name -> containerStatus(pods.get(name), "containerStatuses", "main")
                        .path("containerID")
                        .asText()
                        .replace("runc://", ""))
                .toList();
        assertThat(runcContainers()).containsAll(containerIds);

        int grace = 3;
        Instant deleted = Instant.now();
        Kubectl.Result delete = kubectl.run(
                "delete", "pod", "-n", NAMESPACE, "sleeper", "trapper", "--grace-period=" + grace, "--wait=false");
        assertThat(delete.exitCode()).as(delete.stderr()).isZero();

        // Kubernetes' own e2e allows generous slack on a loaded node; ours is 2 cores shared with the build.
        Duration bound = Duration.ofSeconds(grace + 10);
        pods.awaitGone("trapper", bound);
        Duration trapperTook = Duration.between(deleted, Instant.now());
        pods.awaitGone("sleeper", bound);
        Duration sleeperTook = Duration.between(deleted, Instant.now());

        assertThat(trapperTook).as("the pod that exits on its stop signal").isLessThan(bound);
        assertThat(sleeperTook)
                .as("the pod that ignores its stop signal is killed after the grace period")
                .isBetween(Duration.ofSeconds(grace), bound);
        assertThat(runcContainers()).doesNotContainAnyElementsOf(containerIds);
    }

    @Test
    void twoPodsOnTheNodeReachEachOtherByPodIp() throws Exception {
        JsonNode server = pods.await(
                "server", "became Ready (httpd listening)", START, p -> "True".equals(condition(p, "Ready")));
        String serverIp = server.at("/status/podIP").asText();
        assertThat(serverIp).startsWith(POD_ADDRESS_PREFIX);

        pods.create(pod("client", "Never", """
                "containers": [{"name": "main", "image": "%s",
                                "env": [{"name": "SERVER", "value": "%s"}],
                                "command": ["sh", "-c", "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 10 $(SERVER) 8080"]}]""".formatted(image(), serverIp)));
        JsonNode client = pods.awaitPhase("client", "Succeeded", START);

        assertThat(logs("client")).startsWith("HTTP/1.1 200 OK").endsWith("\nhello over the pod network\n");
        String clientIp = client.at("/status/podIP").asText();
        assertThat(clientIp).startsWith(POD_ADDRESS_PREFIX).isNotEqualTo(serverIp);
        // The pod network is the node namespace's: its gateway there, no pod address on the host.
        assertThat(LocalRegistry.run(work, "ip", "netns", "exec", nodeNetns, "ip", "-o", "-4", "addr", "show"))
                .contains(" " + POD_ADDRESS_PREFIX + "1/24 ");
        assertThat(LocalRegistry.run(work, "ip", "-o", "-4", "addr", "show")).doesNotContain(POD_ADDRESS_PREFIX);
    }

    // ---- helpers ----

    private static String pod(String name, String restartPolicy, String spec) {
        return """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s"},
                 "spec": {"nodeName": "%s", "restartPolicy": "%s",
                          %s}}
                """.formatted(name, NODE, restartPolicy, spec);
    }

    /** A busybox container running {@code sh -c script} (no double quotes or backslashes in it). */
    private static String container(String name, String script) {
        return """
                {"name": "%s", "image": "%s", "command": ["sh", "-c", "%s"]}""".formatted(name, image(), script);
    }

    private static String withWorkVolume(String container) {
        return container.substring(0, container.length() - 1)
                + ", \"volumeMounts\": [{\"name\": \"work\", \"mountPath\": \"/work\"}]}";
    }

    private static String image() {
        return registry.host() + "/busybox:1";
    }

    private static String logs(String pod) {
        Kubectl.Result logs = kubectl.run("logs", "-n", NAMESPACE, pod);
        assertThat(logs.exitCode())
                .as("kubectl logs %s: %s", pod, logs.stderr())
                .isZero();
        return logs.stdout();
    }

    private static Path runtimeRoot() {
        return work.resolve("kubelet/runc");
    }

    /**
     * The ids of the containers runc knows under the runtime's state directory. {@code runc list}
     * fails when a container's state directory goes while it lists (another pod being removed);
     * asked again, it lists without it.
     */
    private static List<String> runcContainers() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return listRuncContainers();
            } catch (AssertionError e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("no such file or directory")) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static List<String> listRuncContainers() throws Exception {
        return List.of(LocalRegistry.run(
                                work,
                                "runc",
                                "--root",
                                runtimeRoot().resolve("runc").toString(),
                                "list",
                                "--quiet")
                        .split("\n"))
                .stream()
                .map(String::trim)
                .filter(id -> !id.isEmpty())
                .toList();
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
