package io.skiff.controllermanager.statefulset.it;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller manager application running an OrderedReady StatefulSet on a real API server. There
 * is no kubelet: the test marks pods Running and Ready through pods/status as a kubelet would.
 */
class StatefulSetControllerIntegrationTest {

    private static final String NAMESPACE = "sts-it";

    @RegisterExtension
    static final ControlPlane controlPlane = ControlPlane.withControllerManager();

    private static KubeHttp http() {
        return controlPlane.http();
    }

    @Test
    void podsComeOneAtATimeWithTheirClaimsAndGoFromTheHighestOrdinal() throws InterruptedException {
        assertThat(http().createNamespace(NAMESPACE).code()).isEqualTo(201);
        KubeHttp.Reply created = http().post("/apis/apps/v1/namespaces/" + NAMESPACE + "/statefulsets", """
                {"apiVersion": "apps/v1", "kind": "StatefulSet",
                 "metadata": {"name": "web"},
                 "spec": {"replicas": 3, "serviceName": "web",
                          "selector": {"matchLabels": {"app": "web"}},
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"containers": [{"name": "web", "image": "nginx",
                                                                "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]}},
                          "volumeClaimTemplates": [{"metadata": {"name": "data"},
                                                    "spec": {"accessModes": ["ReadWriteOnce"],
                                                             "resources": {"requests": {"storage": "1Gi"}}}}]}}
                """);
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        String uid = created.text("/metadata/uid");

        JsonNode web0 = await().atMost(Duration.ofSeconds(30)).until(() -> pod("web-0"), p -> p != null);
        assertThat(claimNames()).contains("data-web-0");
        assertThat(web0.at("/metadata/labels/statefulset.kubernetes.io~1pod-name")
                        .asText())
                .isEqualTo("web-0");
        assertThat(web0.at("/metadata/labels/apps.kubernetes.io~1pod-index").asText())
                .isEqualTo("0");
        assertThat(web0.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo(uid);
        assertThat(web0.at("/spec/hostname").asText()).isEqualTo("web-0");
        assertThat(web0.at("/spec/subdomain").asText()).isEqualTo("web");
        assertThat(web0.at("/spec/volumes/0/name").asText()).isEqualTo("data");
        assertThat(web0.at("/spec/volumes/0/persistentVolumeClaim/claimName").asText())
                .isEqualTo("data-web-0");
        String revision = web0.at("/metadata/labels/controller-revision-hash").asText();
        assertThat(revision).startsWith("web-");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> statefulSet().at("/status/updateRevision").asText().equals(revision)
                        && statefulSet().at("/status/replicas").asInt() == 1);

        // OrderedReady: web-1 waits for web-0 to be running and ready.
        TimeUnit.SECONDS.sleep(2);
        assertThat(pod("web-1")).isNull();

        markRunningAndReady("web-0");
        await().atMost(Duration.ofSeconds(30)).until(() -> pod("web-1") != null);
        assertThat(claimNames()).contains("data-web-1");
        assertThat(pod("web-2")).isNull();
        markRunningAndReady("web-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> pod("web-2") != null);
        markRunningAndReady("web-2");
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode status = statefulSet().path("status");
            return status.path("readyReplicas").asInt() == 3
                    && status.path("availableReplicas").asInt() == 3
                    && status.path("currentReplicas").asInt() == 3
                    && status.path("updatedReplicas").asInt() == 3
                    && status.path("currentRevision").asText().equals(revision)
                    && status.path("observedGeneration").asLong() == 1;
        });
        assertThat(claimNames()).containsExactly("data-web-0", "data-web-1", "data-web-2");

        BlockingQueue<JsonNode> watch = http().watch("/api/v1/namespaces/" + NAMESPACE
                + "/pods?watch=1&resourceVersion="
                + http().get("/api/v1/namespaces/" + NAMESPACE + "/pods").text("/metadata/resourceVersion"));
        KubeHttp.Reply scaled = http().patch(
                        "/apis/apps/v1/namespaces/" + NAMESPACE + "/statefulsets/web",
                        "{\"spec\":{\"replicas\":1}}",
                        "application/merge-patch+json");
        assertThat(scaled.code()).as(scaled.body().toString()).isEqualTo(200);
        List<String> deletedInOrder = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (deletedInOrder.size() < 2 && System.nanoTime() < deadline) {
            JsonNode event = watch.poll(1, TimeUnit.SECONDS);
            if (event != null && "DELETED".equals(event.path("type").asText())) {
                deletedInOrder.add(event.at("/object/metadata/name").asText());
            }
        }
        assertThat(deletedInOrder).containsExactly("web-2", "web-1");
        assertThat(pod("web-0")).isNotNull();
        // Retain: the claims outlive the pods.
        assertThat(claimNames()).containsExactly("data-web-0", "data-web-1", "data-web-2");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> statefulSet().at("/status/replicas").asInt() == 1
                        && statefulSet().at("/status/observedGeneration").asLong() == 2);

        List<String> messages = await().atMost(Duration.ofSeconds(15))
                .until(
                        StatefulSetControllerIntegrationTest::eventMessages,
                        list -> list.contains("delete Pod web-1 in StatefulSet web successful"));
        assertThat(messages)
                .contains(
                        "create Claim data-web-0 Pod web-0 in StatefulSet web success",
                        "create Pod web-0 in StatefulSet web successful",
                        "create Pod web-1 in StatefulSet web successful",
                        "create Pod web-2 in StatefulSet web successful",
                        "delete Pod web-2 in StatefulSet web successful");
    }

    private static void markRunningAndReady(String name) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        KubeHttp.Reply reply = http().patch(
                        "/api/v1/namespaces/" + NAMESPACE + "/pods/" + name + "/status",
                        """
                {"status": {"phase": "Running",
                            "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "%s"}]}}
                """.formatted(now),
                        "application/merge-patch+json");
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(200);
    }

    private static JsonNode pod(String name) {
        KubeHttp.Reply reply = http().get("/api/v1/namespaces/" + NAMESPACE + "/pods/" + name);
        return reply.code() == 200 ? reply.body() : null;
    }

    private static Set<String> claimNames() {
        Set<String> names = new TreeSet<>();
        http().get("/api/v1/namespaces/" + NAMESPACE + "/persistentvolumeclaims")
                .body()
                .path("items")
                .forEach(claim -> names.add(claim.at("/metadata/name").asText()));
        return names;
    }

    private static JsonNode statefulSet() {
        return http().get("/apis/apps/v1/namespaces/" + NAMESPACE + "/statefulsets/web")
                .body();
    }

    private static List<String> eventMessages() {
        String selector =
                URLEncoder.encode("involvedObject.kind=StatefulSet,involvedObject.name=web", StandardCharsets.UTF_8);
        List<String> messages = new ArrayList<>();
        http().get("/api/v1/namespaces/" + NAMESPACE + "/events?fieldSelector=" + selector)
                .body()
                .path("items")
                .forEach(event -> {
                    assertThat(event.at("/source/component").asText()).isEqualTo("statefulset-controller");
                    messages.add(event.path("message").asText());
                });
        return messages;
    }
}
