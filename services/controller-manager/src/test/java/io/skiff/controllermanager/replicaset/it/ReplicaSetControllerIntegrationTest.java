package io.skiff.controllermanager.replicaset.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.controllermanager.testing.ControlPlane;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The controller manager application driving a ReplicaSet on a real API server. */
class ReplicaSetControllerIntegrationTest {

    private static final String NAMESPACE = "rs-it";

    @RegisterExtension
    static final ControlPlane controlPlane = ControlPlane.withControllerManager();

    private static KubeHttp http() {
        return controlPlane.http();
    }

    @Test
    void aReplicaSetGetsItsPodsAndLosesTheSurplusWhenScaledDown() {
        assertThat(http().createNamespace(NAMESPACE).code()).isEqualTo(201);
        KubeHttp.Reply created = http().post("/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets", """
                {"apiVersion": "apps/v1", "kind": "ReplicaSet",
                 "metadata": {"name": "web"},
                 "spec": {"replicas": 5,
                          "selector": {"matchLabels": {"app": "web"}},
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
                """);
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        String uid = created.text("/metadata/uid");

        List<JsonNode> pods = await().atMost(Duration.ofSeconds(30))
                .until(ReplicaSetControllerIntegrationTest::activePods, list -> list.size() == 5);
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.at("/metadata/name").asText()).startsWith("web-");
            JsonNode owner = pod.at("/metadata/ownerReferences/0");
            assertThat(owner.path("kind").asText()).isEqualTo("ReplicaSet");
            assertThat(owner.path("name").asText()).isEqualTo("web");
            assertThat(owner.path("uid").asText()).isEqualTo(uid);
            assertThat(owner.path("controller").asBoolean()).isTrue();
            assertThat(owner.path("blockOwnerDeletion").asBoolean()).isTrue();
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> replicaSet().at("/status/replicas").asInt() == 5
                        && replicaSet().at("/status/observedGeneration").asLong() == 1);

        KubeHttp.Reply scaled = http().patch(
                        "/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets/web",
                        "{\"spec\":{\"replicas\":2}}",
                        "application/merge-patch+json");
        assertThat(scaled.code()).as(scaled.body().toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30))
                .until(ReplicaSetControllerIntegrationTest::activePods, list -> list.size() == 2);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> replicaSet().at("/status/replicas").asInt() == 2
                        && replicaSet().at("/status/observedGeneration").asLong() == 2);
        // Settled: no more pods come or go once the status says 2.
        assertThat(activePods()).hasSize(2);

        List<JsonNode> events = await().atMost(Duration.ofSeconds(15))
                .until(
                        ReplicaSetControllerIntegrationTest::replicaSetEvents,
                        list -> count(list, "SuccessfulCreate") == 5 && count(list, "SuccessfulDelete") == 3);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.at("/source/component").asText()).isEqualTo("replicaset-controller");
            assertThat(event.path("type").asText()).isEqualTo("Normal");
        });
        assertThat(events)
                .filteredOn(event -> event.path("reason").asText().equals("SuccessfulCreate"))
                .allSatisfy(
                        event -> assertThat(event.path("message").asText()).matches("Created pod: web-[a-z0-9]{5}"));
        assertThat(events)
                .filteredOn(event -> event.path("reason").asText().equals("SuccessfulDelete"))
                .allSatisfy(
                        event -> assertThat(event.path("message").asText()).matches("Deleted pod: web-[a-z0-9]{5}"));
    }

    @Test
    void aReplicationControllerIsRunByTheSameMachineryAndOwnsItsPodsAsAReplicationController() {
        String namespace = "rc-it";
        assertThat(http().createNamespace(namespace).code()).isEqualTo(201);
        KubeHttp.Reply created = http().post("/api/v1/namespaces/" + namespace + "/replicationcontrollers", """
                {"apiVersion": "v1", "kind": "ReplicationController",
                 "metadata": {"name": "legacy"},
                 "spec": {"replicas": 3,
                          "selector": {"app": "legacy"},
                          "template": {"metadata": {"labels": {"app": "legacy"}},
                                       "spec": {"containers": [{"name": "app", "image": "nginx"}]}}}}
                """);
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        String uid = created.text("/metadata/uid");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> ownedPods(namespace, uid).size() == 3);
        assertThat(ownedPods(namespace, uid)).allSatisfy(owner -> {
            assertThat(owner.path("apiVersion").asText()).isEqualTo("v1");
            assertThat(owner.path("kind").asText()).isEqualTo("ReplicationController");
            assertThat(owner.path("name").asText()).isEqualTo("legacy");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode controller = http().get("/api/v1/namespaces/" + namespace + "/replicationcontrollers/legacy")
                    .body();
            return controller.at("/status/replicas").asInt() == 3
                    && controller.at("/status/fullyLabeledReplicas").asInt() == 3
                    && controller.at("/status/observedGeneration").asLong() == 1;
        });
        String selector = URLEncoder.encode(
                "involvedObject.kind=ReplicationController,involvedObject.name=legacy", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode events = http().get("/api/v1/namespaces/" + namespace + "/events?fieldSelector=" + selector)
                    .body()
                    .path("items");
            long creates = 0;
            for (JsonNode event : events) {
                if (event.path("reason").asText().equals("SuccessfulCreate")
                        && event.at("/source/component").asText().equals("replication-controller")) {
                    creates++;
                }
            }
            return creates == 3;
        });
    }

    /** The controller references of the pods in {@code namespace} that point at {@code uid}. */
    private static List<JsonNode> ownedPods(String namespace, String uid) {
        List<JsonNode> owners = new ArrayList<>();
        for (JsonNode pod :
                http().get("/api/v1/namespaces/" + namespace + "/pods").body().path("items")) {
            JsonNode owner = pod.at("/metadata/ownerReferences/0");
            if (owner.path("uid").asText().equals(uid)
                    && owner.path("controller").asBoolean()) {
                owners.add(owner);
            }
        }
        return owners;
    }

    private static long count(List<JsonNode> events, String reason) {
        return events.stream()
                .filter(event -> event.path("reason").asText().equals(reason))
                .count();
    }

    private static JsonNode replicaSet() {
        return http().get("/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets/web")
                .body();
    }

    /** Pods not being deleted: with no kubelet, a deleted pod may linger with a deletionTimestamp. */
    private static List<JsonNode> activePods() {
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode pod :
                http().get("/api/v1/namespaces/" + NAMESPACE + "/pods").body().path("items")) {
            if (pod.at("/metadata/deletionTimestamp").isMissingNode()
                    || pod.at("/metadata/deletionTimestamp").isNull()) {
                pods.add(pod);
            }
        }
        return pods;
    }

    private static List<JsonNode> replicaSetEvents() {
        String selector =
                URLEncoder.encode("involvedObject.kind=ReplicaSet,involvedObject.name=web", StandardCharsets.UTF_8);
        List<JsonNode> events = new ArrayList<>();
        http().get("/api/v1/namespaces/" + NAMESPACE + "/events?fieldSelector=" + selector)
                .body()
                .path("items")
                .forEach(events::add);
        return events;
    }
}
