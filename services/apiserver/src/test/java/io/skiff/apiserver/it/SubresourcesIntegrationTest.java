package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** scale, pods/binding, pods/eviction, pods/log and namespaces/finalize through the HTTP API. */
class SubresourcesIntegrationTest {

    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/sub/deployments";
    private static final String PODS = "/api/v1/namespaces/sub/pods";

    private static ApiServerInstance server;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        http.createNamespace("sub");
        assertThat(http.post(DEPLOYMENTS, """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                         "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}
                """).code()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void scaleShowsAndChangesReplicas() {
        KubeHttp.Reply scale = http.get(DEPLOYMENTS + "/web/scale");
        assertThat(scale.code()).isEqualTo(200);
        assertThat(scale.text("/kind")).isEqualTo("Scale");
        assertThat(scale.text("/apiVersion")).isEqualTo("autoscaling/v1");
        assertThat(scale.body().at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(scale.text("/status/selector")).isEqualTo("app=web");

        KubeHttp.Reply patched =
                http.patch(DEPLOYMENTS + "/web/scale", "{\"spec\":{\"replicas\":5}}", "application/merge-patch+json");
        assertThat(patched.code()).isEqualTo(200);
        assertThat(patched.body().at("/spec/replicas").asInt()).isEqualTo(5);
        KubeHttp.Reply deployment = http.get(DEPLOYMENTS + "/web");
        assertThat(deployment.body().at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(deployment.body().at("/metadata/generation").asInt()).isEqualTo(2);

        String stale =
                "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"web\",\"resourceVersion\":\"1\"},\"spec\":{\"replicas\":1}}";
        assertThat(http.put(DEPLOYMENTS + "/web/scale", stale).code()).isEqualTo(409);
        assertThat(http.patch(
                                DEPLOYMENTS + "/web/scale",
                                "{\"spec\":{\"replicas\":-1}}",
                                "application/merge-patch+json")
                        .code())
                .isEqualTo(422);
    }

    @Test
    void bindingAssignsANodeOnce() {
        http.post(PODS, pod("bound"));
        String binding =
                "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bound\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-a\"}}";
        KubeHttp.Reply first = http.post(PODS + "/bound/binding", binding);
        assertThat(first.code()).isEqualTo(201);
        KubeHttp.Reply pod = http.get(PODS + "/bound");
        assertThat(pod.text("/spec/nodeName")).isEqualTo("node-a");
        assertThat(pod.body().at("/status/conditions").findValuesAsText("type")).contains("PodScheduled");

        KubeHttp.Reply second = http.post(PODS + "/bound/binding", binding.replace("node-a", "node-b"));
        assertThat(second.code()).isEqualTo(409);
        assertThat(second.text("/message")).contains("already assigned to node \"node-a\"");
    }

    @Test
    void evictionHonoursADisruptionBudget() {
        http.post(PODS, pod("guarded"));
        http.patch(PODS + "/guarded/status", "{\"status\":{\"phase\":\"Running\"}}", "application/merge-patch+json");
        assertThat(http.post(
                                "/apis/policy/v1/namespaces/sub/poddisruptionbudgets",
                                "{\"metadata\":{\"name\":\"pdb\"},\"spec\":{\"minAvailable\":1,\"selector\":{\"matchLabels\":{\"app\":\"guarded\"}}}}")
                        .code())
                .isEqualTo(201);
        String eviction = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"guarded\"}}";

        KubeHttp.Reply refused = http.post(PODS + "/guarded/eviction", eviction);
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.text("/message"))
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(refused.text("/details/causes/0/message"))
                .isEqualTo("The disruption budget pdb is still being processed by the server.");
        assertThat(http.get(PODS + "/guarded").code()).isEqualTo(200);

        // The disruption controller's verdict, as it will write it: one disruption allowed.
        KubeHttp.Reply budget = http.get("/apis/policy/v1/namespaces/sub/poddisruptionbudgets/pdb");
        long generation = budget.body().at("/metadata/generation").asLong();
        http.patch(
                "/apis/policy/v1/namespaces/sub/poddisruptionbudgets/pdb/status",
                "{\"status\":{\"observedGeneration\":" + generation
                        + ",\"disruptionsAllowed\":1,\"currentHealthy\":1,\"desiredHealthy\":1,\"expectedPods\":1}}",
                "application/merge-patch+json");
        KubeHttp.Reply allowed = http.post(PODS + "/guarded/eviction", eviction);
        assertThat(allowed.code()).isEqualTo(201);
        assertThat(http.get(PODS + "/guarded").code()).isEqualTo(404);
        KubeHttp.Reply after = http.get("/apis/policy/v1/namespaces/sub/poddisruptionbudgets/pdb");
        assertThat(after.body().at("/status/disruptionsAllowed").asInt()).isZero();
        assertThat(after.body().at("/status/disruptedPods").has("guarded")).isTrue();
        assertThat(after.body().at("/status/conditions/0/type").asText()).isEqualTo("DisruptionAllowed");
        assertThat(after.body().at("/status/conditions/0/status").asText()).isEqualTo("False");
        assertThat(after.body().at("/status/conditions/0/reason").asText()).isEqualTo("InsufficientPods");
    }

    @Test
    void anEvictedPodIsMarkedAsADisruptionTarget() {
        http.post(PODS, """
                {"metadata":{"name":"held","finalizers":["example.com/hold"]},
                 "spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        String eviction = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"held\"}}";

        assertThat(http.post(PODS + "/held/eviction", eviction).code()).isEqualTo(201);

        KubeHttp.Reply held = http.get(PODS + "/held");
        assertThat(held.body().at("/metadata/deletionTimestamp").isMissingNode())
                .isFalse();
        JsonNode target = null;
        for (JsonNode condition : held.body().at("/status/conditions")) {
            if ("DisruptionTarget".equals(condition.path("type").asText())) {
                target = condition;
            }
        }
        assertThat(target).isNotNull();
        assertThat(target.path("status").asText()).isEqualTo("True");
        assertThat(target.path("reason").asText()).isEqualTo("EvictionByEvictionAPI");
        assertThat(target.path("message").asText()).isEqualTo("Eviction API: evicting");
        http.patch(PODS + "/held", "{\"metadata\":{\"finalizers\":null}}", "application/merge-patch+json");
    }

    @Test
    void logsExplainWhyTheyAreNotAvailable() {
        http.post(PODS, pod("quiet"));
        KubeHttp.Reply unscheduled = http.get(PODS + "/quiet/log");
        assertThat(unscheduled.code()).isEqualTo(400);
        assertThat(unscheduled.text("/message")).isEqualTo("pod quiet does not have a host assigned");
        assertThat(http.get(PODS + "/missing/log").code()).isEqualTo(404);
    }

    @Test
    void finalizeRemovesTheNamespaceOnceItsLastFinalizerGoes() {
        assertThat(http.createNamespace("finalized").code()).isEqualTo(201);
        assertThat(http.delete("/api/v1/namespaces/finalized").code()).isEqualTo(200);
        KubeHttp.Reply terminating = http.get("/api/v1/namespaces/finalized");
        assertThat(terminating.text("/status/phase")).isEqualTo("Terminating");
        assertThat(terminating.text("/spec/finalizers/0")).isEqualTo("kubernetes");

        String tryingStatus = terminating
                .body()
                .toString()
                .replace("\"finalizers\":[\"kubernetes\"]", "\"finalizers\":[\"kubernetes\",\"example.com/x\"]")
                .replace("\"phase\":\"Terminating\"", "\"phase\":\"Active\"");
        KubeHttp.Reply added = http.put("/api/v1/namespaces/finalized/finalize", tryingStatus);
        assertThat(added.code()).as(added.body().toString()).isEqualTo(200);
        assertThat(added.body().at("/spec/finalizers")).hasSize(2);
        assertThat(added.text("/status/phase")).as("finalize keeps the status").isEqualTo("Terminating");

        String finalized = added.body().toString().replaceAll("\"finalizers\":\\[[^\\]]*]", "\"finalizers\":[]");
        KubeHttp.Reply done = http.put("/api/v1/namespaces/finalized/finalize", finalized);
        assertThat(done.code()).as(done.body().toString()).isEqualTo(200);
        assertThat(http.get("/api/v1/namespaces/finalized").code()).isEqualTo(404);
        assertThat(http.get("/api/v1/namespaces/sub/finalize").code()).isEqualTo(405);
    }

    @Test
    void unknownSubresourceIsNotFound() {
        assertThat(http.get(DEPLOYMENTS + "/web/rollback").code()).isEqualTo(404);
        assertThat(http.get("/api/v1/namespaces/sub/configmaps/x/scale").code()).isEqualTo(404);
    }

    private static String pod(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\""
                + name + "\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
    }
}
