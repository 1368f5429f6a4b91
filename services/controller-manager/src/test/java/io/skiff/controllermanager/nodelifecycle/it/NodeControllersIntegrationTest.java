package io.skiff.controllermanager.nodelifecycle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.controllermanager.testing.ControlPlane;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node IPAM, node lifecycle and taint eviction controllers on a real API server. There is no
 * kubelet: the test posts node status and renews node Leases as one would. The cluster CIDR holds
 * only two node subnets, so a reused subnet shows within three nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeControllersIntegrationTest {

    private static final String NAMESPACE = "nodes-it";

    @RegisterExtension
    static final ControlPlane controlPlane = ControlPlane.withControllerManager(
            "--skiff.controllers.node-ipam.cluster-cidr=10.244.0.0/23",
            "--skiff.controllers.node-lifecycle.node-monitor-period=500ms",
            "--skiff.controllers.node-lifecycle.node-monitor-grace-period=3s");

    private static KubeHttp http() {
        return controlPlane.http();
    }

    @Test
    @Order(1)
    void nodesGetDistinctPodCidrsAndADeletedNodesCidrIsReused() {
        createNode("ipam-a");
        createNode("ipam-b");
        String a = awaitPodCidr("ipam-a");
        String b = awaitPodCidr("ipam-b");
        assertThat(List.of(a, b)).containsExactlyInAnyOrder("10.244.0.0/24", "10.244.1.0/24");
        assertThat(node("ipam-a").at("/spec/podCIDRs/0").asText()).isEqualTo(a);

        assertThat(http().delete("/api/v1/nodes/ipam-a").code()).isEqualTo(200);
        createNode("ipam-c");

        assertThat(awaitPodCidr("ipam-c")).isEqualTo(a);
        http().delete("/api/v1/nodes/ipam-b");
        http().delete("/api/v1/nodes/ipam-c");
    }

    @Test
    @Order(2)
    void aNodeWhoseLeaseStopsIsMarkedUnknownTaintedAndItsPodEvicted() {
        int created = http().createNamespace("kube-node-lease").code();
        assertThat(created).isIn(201, 409);
        assertThat(http().createNamespace(NAMESPACE).code()).isEqualTo(201);
        for (String name : List.of("healthy", "lost")) {
            createNode(name);
            postReadyStatus(name);
            KubeHttp.Reply lease = http().post(
                            "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
                            """
                    {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "%s"},
                     "spec": {"holderIdentity": "%s", "leaseDurationSeconds": 40, "renewTime": "%s"}}
                    """.formatted(name, name, microTime()));
            assertThat(lease.code()).as(lease.body().toString()).isEqualTo(201);
        }
        // Without a toleration of its own the API server's DefaultTolerationSeconds admission would
        // let the pod stay 300 s on an unreachable node, as in Kubernetes; this one leaves after 1 s.
        KubeHttp.Reply pod = http().post("/api/v1/namespaces/" + NAMESPACE + "/pods", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
                 "spec": {"nodeName": "lost", "containers": [{"name": "web", "image": "nginx"}],
                          "tolerations": [{"key": "node.kubernetes.io/unreachable", "operator": "Exists",
                                           "effect": "NoExecute", "tolerationSeconds": 1}]}}
                """);
        assertThat(pod.code()).as(pod.body().toString()).isEqualTo(201);
        assertThat(pod.body().at("/spec/tolerations").findValuesAsText("key"))
                .containsExactly("node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready");
        KubeHttp.Reply running = http().patch(
                        "/api/v1/namespaces/" + NAMESPACE + "/pods/web/status",
                        "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}",
                        "application/merge-patch+json");
        assertThat(running.code()).as(running.body().toString()).isEqualTo(200);

        // The healthy node's kubelet keeps renewing; the lost one's stopped after creating its Lease.
        ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor();
        kubelet.scheduleAtFixedRate(() -> renewLease("healthy"), 0, 500, TimeUnit.MILLISECONDS);
        try {
            JsonNode ready = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> condition(node("lost"), "Ready"),
                            c -> "Unknown".equals(c.path("status").asText()));
            assertThat(ready.path("reason").asText()).isEqualTo("NodeStatusUnknown");
            assertThat(ready.path("message").asText()).isEqualTo("Kubelet stopped posting node status.");
            for (String type : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
                assertThat(condition(node("lost"), type).path("status").asText())
                        .as(type)
                        .isEqualTo("Unknown");
            }

            await().atMost(Duration.ofSeconds(15))
                    .until(
                            () -> taints(node("lost")),
                            taints -> taints.contains("node.kubernetes.io/unreachable:NoExecute")
                                    && taints.contains("node.kubernetes.io/unreachable:NoSchedule"));
            await().atMost(Duration.ofSeconds(15)).until(NodeControllersIntegrationTest::podEvicted);
            assertThat(events("Pod", "web"))
                    .extracting(e -> e.path("reason").asText())
                    .contains("TaintManagerEviction");

            assertThat(condition(node("healthy"), "Ready").path("status").asText())
                    .isEqualTo("True");
            assertThat(taints(node("healthy"))).isEmpty();
        } finally {
            kubelet.shutdownNow();
        }
    }

    private static void createNode(String name) {
        KubeHttp.Reply reply = http().post("/api/v1/nodes", """
                {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "%s"}}
                """.formatted(name));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
    }

    private static void postReadyStatus(String name) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder conditions = new StringBuilder();
        for (String[] condition : new String[][] {
            {"Ready", "True", "KubeletReady"},
            {"MemoryPressure", "False", "KubeletHasSufficientMemory"},
            {"DiskPressure", "False", "KubeletHasNoDiskPressure"},
            {"PIDPressure", "False", "KubeletHasSufficientPID"}
        }) {
            if (!conditions.isEmpty()) {
                conditions.append(',');
            }
            conditions.append("""
                    {"type": "%s", "status": "%s", "reason": "%s", "lastHeartbeatTime": "%s", "lastTransitionTime": "%s"}
                    """.formatted(condition[0], condition[1], condition[2], now, now));
        }
        KubeHttp.Reply reply = http().patch(
                        "/api/v1/nodes/" + name + "/status",
                        "{\"status\":{\"conditions\":[" + conditions + "]}}",
                        "application/merge-patch+json");
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(200);
    }

    private static void renewLease(String name) {
        http().patch(
                        "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + name,
                        "{\"spec\":{\"renewTime\":\"" + microTime() + "\"}}",
                        "application/merge-patch+json");
    }

    private static String microTime() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static String awaitPodCidr(String name) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> node(name).at("/spec/podCIDR").asText(""), cidr -> !cidr.isEmpty());
    }

    private static JsonNode node(String name) {
        return http().get("/api/v1/nodes/" + name).body();
    }

    private static JsonNode condition(JsonNode node, String type) {
        for (JsonNode condition : node.at("/status/conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<String> taints(JsonNode node) {
        List<String> taints = new ArrayList<>();
        node.at("/spec/taints")
                .forEach(t -> taints.add(
                        t.path("key").asText() + ":" + t.path("effect").asText()));
        return taints;
    }

    private static boolean podEvicted() {
        KubeHttp.Reply pod = http().get("/api/v1/namespaces/" + NAMESPACE + "/pods/web");
        return pod.code() == 404
                || pod.body().hasNonNull("metadata")
                        && pod.body().at("/metadata/deletionTimestamp").isTextual();
    }

    private static List<JsonNode> events(String kind, String name) {
        List<JsonNode> events = new ArrayList<>();
        http().get("/api/v1/namespaces/" + NAMESPACE + "/events")
                .body()
                .path("items")
                .forEach(event -> {
                    if (kind.equals(event.at("/involvedObject/kind").asText())
                            && name.equals(event.at("/involvedObject/name").asText())) {
                        events.add(event);
                    }
                });
        return events;
    }
}
