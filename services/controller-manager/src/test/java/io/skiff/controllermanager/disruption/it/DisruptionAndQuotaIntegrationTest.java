package io.skiff.controllermanager.disruption.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.controllermanager.testing.ControlPlane;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The disruption and resource quota controllers on a real API server. There is no kubelet: the
 * test writes pod status (Running, Ready) itself, as a kubelet would.
 */
class DisruptionAndQuotaIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ControlPlane controlPlane = ControlPlane.withControllerManager();

    private static KubeHttp http() {
        return controlPlane.http();
    }

    @Test
    void aBudgetAllowsEvictionsWhileItHasHealthyPodsToSpareAndRefusesThemAfter() {
        String namespace = "disruption-it";
        assertThat(http().createNamespace(namespace).code()).isEqualTo(201);
        for (String name : new String[] {"web-0", "web-1", "web-2"}) {
            createReadyPod(namespace, name, "100m");
        }
        KubeHttp.Reply created = http().post("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets", """
                {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"},
                 "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}}}
                """);
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);

        JsonNode status =
                awaitBudget(namespace, s -> s.path("disruptionsAllowed").asInt() == 1);
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(status.path("expectedPods").asInt()).isEqualTo(3);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(2);
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(3);
        JsonNode condition = status.path("conditions").get(0);
        assertThat(condition.path("type").asText()).isEqualTo("DisruptionAllowed");
        assertThat(condition.path("status").asText()).isEqualTo("True");
        assertThat(condition.path("reason").asText()).isEqualTo("SufficientPods");

        assertThat(evict(namespace, "web-0").code()).isEqualTo(201);
        await().atMost(TIMEOUT).until(() -> podGone(namespace, "web-0"));

        status = awaitBudget(
                namespace,
                s -> s.path("currentHealthy").asInt() == 2
                        && "InsufficientPods"
                                .equals(s.at("/conditions/0/reason").asText()));
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.path("expectedPods").asInt()).isEqualTo(2);
        assertThat(status.at("/conditions/0/status").asText()).isEqualTo("False");

        KubeHttp.Reply refused = evict(namespace, "web-1");
        assertThat(refused.code()).as(refused.body().toString()).isEqualTo(429);
        assertThat(refused.body().path("reason").asText()).isEqualTo("TooManyRequests");
        assertThat(refused.body().at("/details/causes/0/reason").asText()).isEqualTo("DisruptionBudget");
        assertThat(refused.body().at("/details/causes/0/message").asText())
                .isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");
        assertThat(http().get("/api/v1/namespaces/" + namespace + "/pods/web-1").code())
                .isEqualTo(200);

        // A new ready pod gives the budget a disruption to spare again.
        createReadyPod(namespace, "web-3", "100m");
        awaitBudget(
                namespace,
                s -> s.path("disruptionsAllowed").asInt() == 1
                        && s.path("currentHealthy").asInt() == 3);
        assertThat(evict(namespace, "web-1").code()).isEqualTo(201);
    }

    @Test
    void aQuotaCountsThePodsOfItsNamespaceAndTheirCpuRequests() {
        String namespace = "quota-it";
        assertThat(http().createNamespace(namespace).code()).isEqualTo(201);
        KubeHttp.Reply created = http().post("/api/v1/namespaces/" + namespace + "/resourcequotas", """
                {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "compute"},
                 "spec": {"hard": {"pods": "10", "count/pods": "10", "requests.cpu": "2", "services": "5"}}}
                """);
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);

        JsonNode status = awaitQuota(namespace, s -> s.path("used").has("pods"));
        assertThat(status.at("/hard/requests.cpu").asText())
                .as(status.toString())
                .isEqualTo("2");
        assertThat(status.at("/used/pods").asText()).isEqualTo("0");
        assertThat(status.at("/used/requests.cpu").asText()).isEqualTo("0");

        createReadyPod(namespace, "small", "250m");
        createReadyPod(namespace, "large", "500m");
        status = awaitQuota(
                namespace,
                s -> "2".equals(s.at("/used/pods").asText())
                        && "750m".equals(s.at("/used/requests.cpu").asText()));
        assertThat(status.at("/used/count~1pods").asText()).isEqualTo("2");
        assertThat(status.at("/used/services").asText()).isEqualTo("0");

        KubeHttp.Reply finished = http().patch(
                        "/api/v1/namespaces/" + namespace + "/pods/large/status",
                        "{\"status\":{\"phase\":\"Succeeded\"}}",
                        "application/merge-patch+json");
        assertThat(finished.code()).as(finished.body().toString()).isEqualTo(200);
        status = awaitQuota(
                namespace, s -> "250m".equals(s.at("/used/requests.cpu").asText()));
        assertThat(status.at("/used/pods").asText())
                .as("a finished pod no longer counts")
                .isEqualTo("1");
        assertThat(status.at("/used/count~1pods").asText())
                .as("but it still exists")
                .isEqualTo("2");

        assertThat(http().delete("/api/v1/namespaces/" + namespace + "/pods/small")
                        .code())
                .isIn(200, 202);
        status =
                awaitQuota(namespace, s -> "0".equals(s.at("/used/requests.cpu").asText()));
        assertThat(status.at("/used/pods").asText()).isEqualTo("0");
    }

    private static void createReadyPod(String namespace, String name, String cpu) {
        KubeHttp.Reply pod = http().post("/api/v1/namespaces/" + namespace + "/pods", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "labels": {"app": "web"}},
                 "spec": {"containers": [{"name": "web", "image": "nginx",
                                          "resources": {"requests": {"cpu": "%s"}}}]}}
                """.formatted(name, cpu));
        assertThat(pod.code()).as(pod.body().toString()).isEqualTo(201);
        KubeHttp.Reply running = http().patch(
                        "/api/v1/namespaces/" + namespace + "/pods/" + name + "/status",
                        "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}",
                        "application/merge-patch+json");
        assertThat(running.code()).as(running.body().toString()).isEqualTo(200);
    }

    private static KubeHttp.Reply evict(String namespace, String pod) {
        return http().post("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction", """
                {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "%s", "namespace": "%s"}}
                """.formatted(
                        pod, namespace));
    }

    private static boolean podGone(String namespace, String name) {
        KubeHttp.Reply pod = http().get("/api/v1/namespaces/" + namespace + "/pods/" + name);
        return pod.code() == 404 || pod.body().at("/metadata/deletionTimestamp").isTextual();
    }

    private static JsonNode awaitBudget(String namespace, Predicate<JsonNode> condition) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> http().get("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets/web")
                                .body()
                                .path("status"),
                        condition::test);
    }

    private static JsonNode awaitQuota(String namespace, Predicate<JsonNode> condition) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> http().get("/api/v1/namespaces/" + namespace + "/resourcequotas/compute")
                                .body()
                                .path("status"),
                        condition::test);
    }
}
