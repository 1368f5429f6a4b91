package io.skiff.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.testing.RecordingEvents;
import io.skiff.kubelet.testing.ScriptedRuntime;
import io.skiff.model.json.KubeJson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node agent against a real API server: registration, the Lease heartbeat and node conditions. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeAgentOnApiServerTest {

    private static ApiServerInstance apiServer;
    private static KubeClient client;
    private static KubeHttp http;

    @TempDir
    Path root;

    private final RecordingEvents events = new RecordingEvents();
    private final ScriptedRuntime runtime = new ScriptedRuntime(Clock.systemUTC());
    private final Signals signals = new Signals();
    private NodeAgent agent;

    /** Readings a test can change: plenty of memory and disk unless it says otherwise. */
    static final class Signals implements NodeSignals {
        volatile long memoryAvailable = 8L << 30;

        @Override
        public long memoryAvailableBytes() {
            return memoryAvailable;
        }

        @Override
        public long fileSystemCapacityBytes() {
            return 100L << 30;
        }

        @Override
        public long fileSystemAvailableBytes() {
            return 60L << 30;
        }
    }

    @BeforeAll
    static void startApiServer() {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        client = KubeClient.create(ApiClientProperties.defaults().withUrls(apiServer.baseUrl()));
        http = new KubeHttp(apiServer.baseUrl());
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        apiServer.close();
    }

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.stop();
        }
    }

    private NodeAgent start(String node, Duration leaseDuration, Duration updateFrequency, Duration reportFrequency) {
        KubeletProperties properties = new KubeletProperties(
                node,
                root,
                null,
                null,
                Map.of("tier", "edge"),
                List.of("dedicated=edge:NoSchedule"),
                new KubeletProperties.SystemReserved("500m", "512Mi"),
                110,
                updateFrequency,
                reportFrequency,
                leaseDuration,
                null,
                "127.0.0.1");
        MachineInfo machine = new MachineInfo(
                4,
                16L << 30,
                "machine-1",
                "uuid-1",
                "boot-1",
                "6.1.0",
                "Debian GNU/Linux 12 (bookworm)",
                "linux",
                "amd64");
        NodeStatusSetters setters =
                new NodeStatusSetters(properties, machine, signals, runtime, runtime, () -> 10250, Clock.systemUTC());
        agent = new NodeAgent(
                node,
                new ClientNodeApi(client, Duration.ofSeconds(10)),
                setters,
                leaseDuration,
                updateFrequency,
                reportFrequency,
                events,
                Clock.systemUTC());
        agent.start();
        return agent;
    }

    @Test
    void theNodeIsRegisteredWithTheMachinesCapacityLabelsTaintsAndInfoAndThenReportsReady() {
        runtime.imagePresent("busybox:1.36");
        start("node-register", Duration.ofSeconds(40), Duration.ofMillis(300), Duration.ofMinutes(5));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> "True".equals(condition(node("node-register"), "Ready", "status")));
        JsonNode node = node("node-register");

        assertThat(map(node.at("/metadata/labels")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "beta.kubernetes.io/arch", "amd64",
                        "beta.kubernetes.io/os", "linux",
                        "kubernetes.io/arch", "amd64",
                        "kubernetes.io/hostname", "node-register",
                        "kubernetes.io/os", "linux",
                        "tier", "edge"));
        assertThat(node.at("/metadata/annotations/volumes.kubernetes.io~1controller-managed-attach-detach")
                        .asText())
                .isEqualTo("true");
        assertThat(map(node.at("/spec/taints/0")))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("effect", "NoSchedule", "key", "dedicated", "value", "edge"));
        assertThat(map(node.at("/status/capacity")))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("cpu", "4", "ephemeral-storage", "100Gi", "memory", "16Gi", "pods", "110"));
        assertThat(map(node.at("/status/allocatable")))
                .as("capacity less 500m cpu and 512Mi memory reserved")
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("cpu", "3500m", "ephemeral-storage", "100Gi", "memory", "15872Mi", "pods", "110"));
        assertThat(node.at("/status/addresses"))
                .extracting(address -> address.path("type").asText() + "="
                        + address.path("address").asText())
                .containsExactly("InternalIP=127.0.0.1", "Hostname=node-register");
        assertThat(node.at("/status/daemonEndpoints/kubeletEndpoint/Port").asInt())
                .isEqualTo(10250);
        JsonNode info = node.at("/status/nodeInfo");
        assertThat(info.path("kubeletVersion").asText())
                .isEqualTo(KubeletVersion.GIT_VERSION)
                .isEqualTo(http.get("/version").text("/gitVersion"));
        assertThat(info.path("containerRuntimeVersion").asText()).isEqualTo("scripted://1.0");
        assertThat(info.path("machineID").asText()).isEqualTo("machine-1");
        assertThat(info.path("bootID").asText()).isEqualTo("boot-1");
        assertThat(info.path("kernelVersion").asText()).isEqualTo("6.1.0");
        assertThat(info.path("osImage").asText()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(info.path("operatingSystem").asText()).isEqualTo("linux");
        assertThat(info.path("architecture").asText()).isEqualTo("amd64");
        assertThat(node.at("/status/images/0/names/0").asText()).isEqualTo("busybox:1.36");

        assertThat(describe(node, "MemoryPressure"))
                .isEqualTo("False KubeletHasSufficientMemory: kubelet has sufficient memory available");
        assertThat(describe(node, "DiskPressure"))
                .isEqualTo("False KubeletHasNoDiskPressure: kubelet has no disk pressure");
        assertThat(describe(node, "PIDPressure"))
                .isEqualTo("False KubeletHasSufficientPID: kubelet has sufficient PID available");
        assertThat(describe(node, "Ready")).isEqualTo("True KubeletReady: kubelet is posting ready status");
        assertThat(events.lines())
                .containsExactly(
                        "Normal Starting: Starting kubelet.",
                        "Normal NodeHasSufficientMemory: Node node-register status is now: NodeHasSufficientMemory",
                        "Normal NodeHasNoDiskPressure: Node node-register status is now: NodeHasNoDiskPressure",
                        "Normal NodeHasSufficientPID: Node node-register status is now: NodeHasSufficientPID",
                        "Normal NodeReady: Node node-register status is now: NodeReady");
        assertThat(events.all()).allMatch(e -> e.object().equals("Node/node-register"));
    }

    @Test
    void theLeaseIsHeldByTheNodeOwnedByItAndRenewed() {
        start("node-lease", Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(5));
        String lease = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-lease";
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get(lease).code() == 200);
        JsonNode first = http.get(lease).body();

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !first.at("/spec/renewTime")
                        .equals(http.get(lease).body().at("/spec/renewTime")));

        JsonNode renewed = http.get(lease).body();
        assertThat(renewed.at("/spec/holderIdentity").asText()).isEqualTo("node-lease");
        assertThat(renewed.at("/spec/leaseDurationSeconds").asInt()).isEqualTo(2);
        assertThat(renewed.at("/spec/renewTime").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(renewed.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("Node");
        assertThat(renewed.at("/metadata/ownerReferences/0/uid").asText())
                .isEqualTo(node("node-lease").at("/metadata/uid").asText());
    }

    @Test
    void aNodeDeletedFromTheApiServerIsRegisteredAgainAndItsLeaseOwnedByTheNewOne() {
        start("node-again", Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/v1/nodes/node-again").code() == 200);
        String firstUid = node("node-again").at("/metadata/uid").asText();

        assertThat(http.delete("/api/v1/nodes/node-again").code()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode node = node("node-again");
            return !node.at("/metadata/uid").asText("").isEmpty()
                    && !firstUid.equals(node.at("/metadata/uid").asText());
        });
        String secondUid = node("node-again").at("/metadata/uid").asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> secondUid.equals(
                        http.get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-again")
                                .text("/metadata/ownerReferences/0/uid")));
    }

    @Test
    void theStatusIsPostedWhenAConditionChangesAndOtherwiseOnlyEachReportPeriod() {
        start("node-quiet", Duration.ofSeconds(40), Duration.ofMillis(200), Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "True".equals(condition(node("node-quiet"), "Ready", "status")));
        String settled = node("node-quiet").at("/metadata/resourceVersion").asText();

        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> settled.equals(
                        node("node-quiet").at("/metadata/resourceVersion").asText()));

        signals.memoryAvailable = 50L << 20;
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "True".equals(condition(node("node-quiet"), "MemoryPressure", "status")));
        assertThat(describe(node("node-quiet"), "MemoryPressure"))
                .isEqualTo("True KubeletHasInsufficientMemory: kubelet has insufficient memory available");
        assertThat(events.lines())
                .contains("Normal NodeHasInsufficientMemory: Node node-quiet status is now: NodeHasInsufficientMemory");
    }

    private static Map<String, Object> map(JsonNode object) {
        return KubeJson.mapper().convertValue(object, new TypeReference<Map<String, Object>>() {});
    }

    private static JsonNode node(String name) {
        return http.get("/api/v1/nodes/" + name).body();
    }

    private static String condition(JsonNode node, String type, String field) {
        for (JsonNode condition : node.at("/status/conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition.path(field).asText();
            }
        }
        return "";
    }

    private static String describe(JsonNode node, String type) {
        return condition(node, type, "status") + " " + condition(node, type, "reason") + ": "
                + condition(node, type, "message");
    }
}
