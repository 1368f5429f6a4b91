package io.skiff.controllermanager.daemonset.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.controllermanager.testing.ControlPlane;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller manager application running a DaemonSet on a real API server. There is no
 * scheduler and no kubelet: the test creates the nodes and writes pod status as a kubelet would,
 * and daemon pods stay unbound, pinned to their node by node affinity.
 */
class DaemonSetControllerIntegrationTest {

    private static final String NAMESPACE = "ds-it";

    @RegisterExtension
    static final ControlPlane controlPlane = ControlPlane.withControllerManager();

    private static KubeHttp http() {
        return controlPlane.http();
    }

    @Test
    void aDaemonSetRunsOnePodPerEligibleNodeAndFollowsNewNodes() {
        assertThat(http().createNamespace(NAMESPACE).code()).isEqualTo(201);
        createNode("node-a", "");
        createNode("node-b", "");
        // A taint the DaemonSet does not tolerate keeps it off; one it tolerates by default does not.
        createNode("node-gpu", "{\"key\": \"dedicated\", \"value\": \"gpu\", \"effect\": \"NoSchedule\"}");
        createNode("node-cordoned", "{\"key\": \"node.kubernetes.io/unschedulable\", \"effect\": \"NoSchedule\"}");

        KubeHttp.Reply created = http().post("/apis/apps/v1/namespaces/" + NAMESPACE + "/daemonsets", """
                {"apiVersion": "apps/v1", "kind": "DaemonSet",
                 "metadata": {"name": "agent"},
                 "spec": {"selector": {"matchLabels": {"app": "agent"}},
                          "template": {"metadata": {"labels": {"app": "agent"}},
                                       "spec": {"containers": [{"name": "agent", "image": "busybox"}]}}}}
                """);
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        String uid = created.text("/metadata/uid");

        Map<String, JsonNode> byNode = await().atMost(Duration.ofSeconds(30))
                .until(DaemonSetControllerIntegrationTest::podsByTargetNode, pods -> pods.size() == 3);
        assertThat(byNode).containsOnlyKeys("node-a", "node-b", "node-cordoned");
        String revisionHash = byNode.get("node-a")
                .at("/metadata/labels/controller-revision-hash")
                .asText();
        assertThat(revisionHash).isNotEmpty();
        assertThat(byNode.values()).allSatisfy(pod -> {
            assertThat(pod.at("/metadata/name").asText()).startsWith("agent-");
            assertThat(pod.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("DaemonSet");
            assertThat(pod.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo(uid);
            assertThat(pod.at("/metadata/labels/pod-template-generation").asText())
                    .isEqualTo("1");
            assertThat(pod.at("/metadata/labels/controller-revision-hash").asText())
                    .isEqualTo(revisionHash);
            assertThat(tolerationKeys(pod))
                    .contains(
                            "node.kubernetes.io/not-ready:NoExecute",
                            "node.kubernetes.io/unreachable:NoExecute",
                            "node.kubernetes.io/disk-pressure:NoSchedule",
                            "node.kubernetes.io/memory-pressure:NoSchedule",
                            "node.kubernetes.io/pid-pressure:NoSchedule",
                            "node.kubernetes.io/unschedulable:NoSchedule");
        });

        JsonNode revision = http().get(
                        "/apis/apps/v1/namespaces/" + NAMESPACE + "/controllerrevisions/agent-" + revisionHash)
                .body();
        assertThat(revision.at("/revision").asLong()).isEqualTo(1);
        assertThat(revision.at("/data/spec/template/$patch").asText()).isEqualTo("replace");
        assertThat(revision.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo(uid);

        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode status = daemonSet().path("status");
            return status.path("desiredNumberScheduled").asInt() == 3
                    && status.path("currentNumberScheduled").asInt() == 3
                    && status.path("updatedNumberScheduled").asInt() == 3
                    && status.path("numberUnavailable").asInt() == 3
                    && status.path("observedGeneration").asLong() == 1;
        });

        // Play kubelet: the pods run and are ready.
        byNode.values().forEach(DaemonSetControllerIntegrationTest::markRunningAndReady);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode status = daemonSet().path("status");
            return status.path("numberReady").asInt() == 3
                    && status.path("numberAvailable").asInt() == 3
                    && status.path("numberUnavailable").asInt() == 0
                    && status.path("numberMisscheduled").asInt() == 0;
        });

        createNode("node-new", "");
        Map<String, JsonNode> withNewNode = await().atMost(Duration.ofSeconds(30))
                .until(DaemonSetControllerIntegrationTest::podsByTargetNode, pods -> pods.containsKey("node-new"));
        assertThat(withNewNode).containsOnlyKeys("node-a", "node-b", "node-cordoned", "node-new");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> daemonSet().at("/status/desiredNumberScheduled").asInt() == 4);

        List<JsonNode> events = await().atMost(Duration.ofSeconds(15))
                .until(
                        DaemonSetControllerIntegrationTest::daemonSetEvents,
                        list -> list.stream()
                                        .filter(e -> e.path("reason").asText().equals("SuccessfulCreate"))
                                        .count()
                                == 4);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.at("/source/component").asText()).isEqualTo("daemonset-controller");
            assertThat(event.path("message").asText()).matches("Created pod: agent-[a-z0-9]{5}");
        });
    }

    private static void createNode(String name, String taint) {
        String taints = taint.isEmpty() ? "" : ", \"taints\": [" + taint + "]";
        KubeHttp.Reply reply =
                http().post("/api/v1/nodes", """
                {"apiVersion": "v1", "kind": "Node",
                 "metadata": {"name": "%s", "labels": {"kubernetes.io/hostname": "%s"}},
                 "spec": {%s}}
                """.formatted(name, name, taints.isEmpty() ? "" : taints.substring(2)));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
    }

    private static void markRunningAndReady(JsonNode pod) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        KubeHttp.Reply reply = http().patch(
                        "/api/v1/namespaces/" + NAMESPACE + "/pods/"
                                + pod.at("/metadata/name").asText() + "/status",
                        """
                {"status": {"phase": "Running",
                            "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "%s"}]}}
                """.formatted(now),
                        "application/merge-patch+json");
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(200);
    }

    private static List<String> tolerationKeys(JsonNode pod) {
        List<String> keys = new ArrayList<>();
        pod.at("/spec/tolerations")
                .forEach(t ->
                        keys.add(t.path("key").asText() + ":" + t.path("effect").asText()));
        return keys;
    }

    /** Live daemon pods by the node their required node affinity pins them to. */
    private static Map<String, JsonNode> podsByTargetNode() {
        Map<String, JsonNode> byNode = new TreeMap<>();
        for (JsonNode pod :
                http().get("/api/v1/namespaces/" + NAMESPACE + "/pods").body().path("items")) {
            if (!pod.at("/metadata/deletionTimestamp").isMissingNode()) {
                continue;
            }
            JsonNode field = pod.at(
                    "/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchFields/0");
            assertThat(field.path("key").asText()).isEqualTo("metadata.name");
            assertThat(field.path("operator").asText()).isEqualTo("In");
            byNode.put(field.at("/values/0").asText(), pod);
        }
        return byNode;
    }

    private static JsonNode daemonSet() {
        return http().get("/apis/apps/v1/namespaces/" + NAMESPACE + "/daemonsets/agent")
                .body();
    }

    private static List<JsonNode> daemonSetEvents() {
        String selector =
                URLEncoder.encode("involvedObject.kind=DaemonSet,involvedObject.name=agent", StandardCharsets.UTF_8);
        List<JsonNode> events = new ArrayList<>();
        http().get("/api/v1/namespaces/" + NAMESPACE + "/events?fieldSelector=" + selector)
                .body()
                .path("items")
                .forEach(events::add);
        return events;
    }
}
