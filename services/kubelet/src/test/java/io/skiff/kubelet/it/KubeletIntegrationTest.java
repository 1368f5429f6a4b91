package io.skiff.kubelet.it;

import static io.skiff.kubelet.testing.ApiPods.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.kubelet.testing.ApiPods;
import io.skiff.kubelet.testing.KubeletInstance;
import io.skiff.model.json.KubeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubelet with the process runtime on a real API server: pods bound to its node run as host
 * processes and their status, restarts and deletion go through the API as Kubernetes' do.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KubeletIntegrationTest {

    private static final String NODE = "kubelet-it-node";
    private static final String NAMESPACE = "kubelet-it";

    @TempDir
    static Path root;

    private static ApiServerInstance apiServer;
    private static KubeletInstance kubelet;
    private static KubeHttp http;
    private static ApiPods pods;

    @BeforeAll
    static void start() {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        pods = new ApiPods(http, NAMESPACE);
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        kubelet = KubeletInstance.start(apiServer.baseUrl(), NODE, root, "--skiff.kubelet.node-lease-duration=4s");
    }

    @AfterAll
    static void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void theNodeIsReadyAndItsLeaseIsRenewed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> "True".equals(condition(node(), "Ready")));
        JsonNode node = node();
        assertThat(node.at("/metadata/labels/kubernetes.io~1hostname").asText()).isEqualTo(NODE);
        assertThat(node.at("/status/nodeInfo/containerRuntimeVersion").asText()).startsWith("process://");
        String lease = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + NODE;
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get(lease).code() == 200);
        String firstRenewal = http.get(lease).text("/spec/renewTime");
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !firstRenewal.equals(http.get(lease).text("/spec/renewTime")));
        assertThat(http.get(lease).text("/spec/holderIdentity")).isEqualTo(NODE);
    }

    @Test
    void aPodThatSucceedsGoesFromPendingThroughRunningToSucceeded() throws Exception {
        String listed = http.get("/api/v1/namespaces/" + NAMESPACE + "/pods").text("/metadata/resourceVersion");
        BlockingQueue<JsonNode> events = http.watch("/api/v1/namespaces/" + NAMESPACE
                + "/pods?watch=true&fieldSelector=metadata.name%3Dhello&resourceVersion=" + listed);
        createPod("hello", "Never", "echo hello; sleep 1");

        List<String> phases = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!phases.contains("Succeeded") && System.nanoTime() < deadline) {
            JsonNode event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && !event.isNull()) {
                String phase = event.at("/object/status/phase").asText();
                if (!phase.isEmpty()
                        && (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase))) {
                    phases.add(phase);
                }
            }
        }
        assertThat(phases).containsSubsequence("Pending", "Running", "Succeeded");
        JsonNode pod = pod("hello");
        JsonNode terminated = pod.at("/status/containerStatuses/0/state/terminated");
        assertThat(terminated.path("exitCode").asInt(-1)).isZero();
        assertThat(terminated.path("reason").asText()).isEqualTo("Completed");
        assertThat(pod.at("/status/containerStatuses/0/containerID").asText()).startsWith("process://");
        assertThat(pod.at("/status/podIP").asText()).isEqualTo("127.0.0.1");
        assertThat(condition(pod, "Ready")).isEqualTo("False");
        Path log = containerLogs("hello");
        assertThat(Files.readString(log))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z stdout F hello\n");
    }

    @Test
    void aContainerThatKeepsFailingIsRestartedWithBackOff() {
        createPod("crasher", "Always", "exit 1");
        JsonNode status = pods.await(
                        "crasher", "restarted twice and waited in CrashLoopBackOff", Duration.ofSeconds(60), pod -> {
                            JsonNode main = pod.at("/status/containerStatuses/0");
                            return main.path("restartCount").asInt() >= 2
                                    && "CrashLoopBackOff"
                                            .equals(main.at("/state/waiting/reason")
                                                    .asText());
                        })
                .at("/status/containerStatuses/0");
        assertThat(status.at("/state/waiting/message").asText())
                .matches("back-off \\d+s restarting failed container=main pod=crasher_kubelet-it\\(.+\\)");
        assertThat(status.at("/lastState/terminated/exitCode").asInt()).isEqualTo(1);
        assertThat(status.at("/lastState/terminated/reason").asText()).isEqualTo("Error");
        assertThat(pod("crasher").at("/status/phase").asText()).isEqualTo("Running");
    }

    @Test
    void deletingARunningPodStopsItWithinItsGracePeriodAndTheObjectGoes() throws Exception {
        createPod("sleeper", "Always", "sleep 3600", 5);
        pods.awaitPhase("sleeper", "Running", Duration.ofSeconds(30));
        long pid = sleepPid();
        Instant deleted = Instant.now();
        assertThat(http.delete("/api/v1/namespaces/" + NAMESPACE + "/pods/sleeper")
                        .code())
                .isEqualTo(200);
        pods.awaitGone("sleeper", Duration.ofSeconds(20));
        assertThat(Duration.between(deleted, Instant.now())).isLessThan(Duration.ofSeconds(5 + 5));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void aSteadyPodsStatusIsWrittenOnceAndNotAgain() {
        createPod("steady", "Always", "sleep 3601");
        pods.await("steady", "became Ready", Duration.ofSeconds(30), pod -> "True".equals(condition(pod, "Ready")));
        String settled = pod("steady").at("/metadata/resourceVersion").asText();

        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .until(() -> settled.equals(
                        pod("steady").at("/metadata/resourceVersion").asText()));

        JsonNode ready = pod("steady");
        assertThat(ready.at("/status/qosClass").asText()).isEqualTo("BestEffort");
        assertThat(ready.at("/status/hostIP").asText()).isEqualTo("127.0.0.1");
        assertThat(ready.at("/status/startTime").asText()).isNotEmpty();
        assertThat(http.delete("/api/v1/namespaces/" + NAMESPACE + "/pods/steady")
                        .code())
                .isEqualTo(200);
    }

    /** The pid of the sleep the pod "sleeper" runs (a child of its shell, or the shell itself). */
    private static long sleepPid() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("sleep 3600"))
                        .orElse(false))
                .findFirst()
                .map(ProcessHandle::pid)
                .orElseThrow();
    }

    @Test
    void containersGetVariablesFromConfigMapsAndTheDownwardApi() throws Exception {
        assertThat(http.post("/api/v1/namespaces/" + NAMESPACE + "/configmaps", """
                        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "greeting"},
                         "data": {"text": "hello from a ConfigMap"}}
                        """)
                        .code())
                .isEqualTo(201);
        pods.create("""
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "env"},
                 "spec": {"nodeName": "%s", "restartPolicy": "Never",
                          "containers": [{"name": "main", "image": "busybox:1.36",
                                          "command": ["sh", "-c", "echo \\"$GREETING|$POD|$(POD)\\""],
                                          "env": [
                                            {"name": "GREETING", "valueFrom": {"configMapKeyRef": {"name": "greeting", "key": "text"}}},
                                            {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}]}}
                """.formatted(NODE));

        pods.awaitPhase("env", "Succeeded", Duration.ofSeconds(60));

        assertThat(Files.readString(containerLogs("env"))).endsWith(" stdout F hello from a ConfigMap|env|env\n");
    }

    @Test
    void kubectlLogsReadsAContainersOutputThroughTheApiServerAndTheKubelet() throws Exception {
        createPod("greeter", "Never", "echo one; echo two; echo three");
        pods.awaitPhase("greeter", "Succeeded", Duration.ofSeconds(60));
        Kubectl kubectl = Kubectl.against(apiServer.baseUrl(), Files.createDirectories(root.resolve("kubectl")));

        Kubectl.Result all = kubectl.run("logs", "-n", NAMESPACE, "greeter");
        assertThat(all.exitCode()).as(all.stderr()).isZero();
        assertThat(all.stdout()).isEqualTo("one\ntwo\nthree\n");

        Kubectl.Result tail = kubectl.run("logs", "-n", NAMESPACE, "greeter", "--tail=1", "--timestamps");
        assertThat(tail.exitCode()).as(tail.stderr()).isZero();
        assertThat(tail.stdout()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z three\n");

        Kubectl.Result previous = kubectl.run("logs", "-n", NAMESPACE, "greeter", "--previous");
        assertThat(previous.exitCode()).isNotZero();
        assertThat(previous.stderr()).contains("previous terminated container \"main\" in pod \"greeter\" not found");
    }

    @Test
    void aReadinessProbeDecidesWhenThePodIsReadyAndAFailingLivenessProbeRestartsTheContainer() throws Exception {
        Path marker = root.resolve("ready-marker");
        pods.create("""
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probed"},
                 "spec": {"nodeName": "%s", "terminationGracePeriodSeconds": 1,
                          "containers": [{"name": "main", "image": "busybox:1.36",
                                          "command": ["sleep", "3600"],
                                          "readinessProbe": {"exec": {"command": ["test", "-f", "%s"]},
                                                             "periodSeconds": 1},
                                          "livenessProbe": {"exec": {"command": ["sh", "-c", "exit 1"]},
                                                            "initialDelaySeconds": 3, "periodSeconds": 1,
                                                            "failureThreshold": 2}}]}}
                """.formatted(NODE, marker));
        JsonNode running = pods.awaitPhase("probed", "Running", Duration.ofSeconds(30));
        assertThat(condition(running, "Ready")).isEqualTo("False");

        Files.writeString(marker, "ready");
        pods.await("probed", "became Ready", Duration.ofSeconds(30), pod -> "True".equals(condition(pod, "Ready")));

        pods.await(
                "probed",
                "was restarted by its liveness probe",
                Duration.ofSeconds(60),
                pod -> pod.at("/status/containerStatuses/0/restartCount").asInt() >= 1);
        List<String> messages = pods.eventMessages("probed", "Unhealthy");
        assertThat(messages).anyMatch(message -> message.startsWith("Liveness probe failed"));
        assertThat(messages).anyMatch(message -> message.startsWith("Readiness probe failed"));
        http.delete("/api/v1/namespaces/" + NAMESPACE + "/pods/probed");
    }

    @Test
    void theActuatorShowsTheKubeletsHealthAndItsMetricsUnderKubernetesNames() throws Exception {
        KubeHttp.Reply created = http.post("/api/v1/namespaces/" + NAMESPACE + "/pods", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "measured"},
                 "spec": {"nodeName": "%s", "terminationGracePeriodSeconds": 1,
                          "containers": [{"name": "main", "image": "busybox:1.36", "command": ["sleep", "3600"],
                                          "readinessProbe": {"exec": {"command": ["true"]}, "periodSeconds": 1}}]}}
                """.formatted(NODE));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> "True".equals(condition(pod("measured"), "Ready")));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(actuator("/actuator/prometheus"))
                                .contains("kubelet_node_name{node=\"" + NODE + "\"} 1")
                                .contains("kubelet_pod_start_duration_seconds_bucket{le=\"0.5\"}")
                                .contains("kubelet_pod_start_sli_duration_seconds_count")
                                .contains("kubelet_running_pods ")
                                .contains("kubelet_running_containers{container_state=\"running\"}")
                                .contains("kubelet_started_pods_total ")
                                .contains("kubelet_started_containers_total{container_type=\"container\"}")
                                .contains("kubelet_pleg_relist_duration_seconds_bucket{le=\"0.005\"}")
                                .contains("kubelet_pleg_relist_interval_seconds_bucket{le=\"1.0\"}")
                                .contains("kubelet_pleg_last_seen_seconds ")
                                .containsPattern(
                                        "prober_probe_total\\{container=\"main\",namespace=\"" + NAMESPACE
                                                + "\",pod=\"measured\",pod_uid=\"[^\"]+\",probe_type=\"Readiness\",result=\"successful\"}"));

        JsonNode readiness = KubeJson.mapper().readTree(actuator("/actuator/health/readiness"));
        assertThat(readiness.at("/status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/pods/status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/pods/details/informerSynced").asBoolean())
                .isTrue();
        assertThat(readiness.at("/components/node/status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/node/details/registered").asBoolean())
                .isTrue();
        assertThat(readiness.at("/components/node/details/leaseDurationSeconds").asInt())
                .isEqualTo(4);
        JsonNode liveness = KubeJson.mapper().readTree(actuator("/actuator/health/liveness"));
        assertThat(liveness.at("/status").asText()).isEqualTo("UP");
        assertThat(liveness.at("/components/pleg/status").asText()).isEqualTo("UP");
        assertThat(liveness.at("/components/pleg/details/relistThreshold").asText())
                .isEqualTo("3m0s");
        http.delete("/api/v1/namespaces/" + NAMESPACE + "/pods/measured");
    }

    /** A GET of the kubelet's actuator, which must answer 200. */
    private static String actuator(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kubelet.managementPort() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static void createPod(String name, String restartPolicy, String script) {
        createPod(name, restartPolicy, script, 30);
    }

    private static void createPod(String name, String restartPolicy, String script, int grace) {
        pods.create("""
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s"},
                 "spec": {"nodeName": "%s", "restartPolicy": "%s", "terminationGracePeriodSeconds": %d,
                          "containers": [{"name": "main", "image": "busybox:1.36",
                                          "command": ["sh", "-c", "%s"]}]}}
                """.formatted(name, NODE, restartPolicy, grace, script));
    }

    private static JsonNode pod(String name) {
        return pods.get(name);
    }

    private static JsonNode node() {
        return http.get("/api/v1/nodes/" + NODE).body();
    }

    private static Path containerLogs(String pod) throws Exception {
        try (Stream<Path> files = Files.walk(root.resolve("pod-logs"))) {
            return files.filter(f -> f.toString().contains(NAMESPACE + "_" + pod + "_")
                            && f.toString().endsWith(".log"))
                    .findFirst()
                    .orElseThrow();
        }
    }
}
