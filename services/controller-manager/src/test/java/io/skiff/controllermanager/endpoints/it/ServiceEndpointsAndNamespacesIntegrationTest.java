package io.skiff.controllermanager.endpoints.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.controllermanager.testing.ControlPlane;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Endpoints, EndpointSlice, namespace and ServiceAccount controllers in the real controller
 * manager on a real API server. There is no kubelet: the test writes pod IPs and readiness through
 * pods/status, as a kubelet would.
 */
class ServiceEndpointsAndNamespacesIntegrationTest {

    @RegisterExtension
    static final ControlPlane controlPlane = ControlPlane.withControllerManager();

    private static KubeHttp http() {
        return controlPlane.http();
    }

    @Test
    void aServiceListsItsPodsInEndpointsAndSlicesAndFollowsTheirReadiness() {
        String ns = "ep-it";
        assertThat(http().createNamespace(ns).code()).isEqualTo(201);
        assertThat(http().post("/api/v1/nodes", """
                        {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a",
                         "labels":{"topology.kubernetes.io/zone":"zone-1"}}}
                        """).code()).isEqualTo(201);
        KubeHttp.Reply service = http().post("/api/v1/namespaces/" + ns + "/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"tier":"front"}},
                 "spec":{"selector":{"app":"web"},
                         "ports":[{"name":"http","port":80,"targetPort":"http"}]}}
                """);
        assertThat(service.code()).as(service.body().toString()).isEqualTo(201);
        for (int i = 1; i <= 2; i++) {
            KubeHttp.Reply pod = http().post("/api/v1/namespaces/" + ns + "/pods", """
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-%d","labels":{"app":"web"}},
                     "spec":{"nodeName":"node-a","containers":[{"name":"web","image":"nginx",
                             "ports":[{"name":"http","containerPort":8080}]}]}}
                    """.formatted(i));
            assertThat(pod.code()).as(pod.body().toString()).isEqualTo(201);
            writeStatus(ns, "web-" + i, "10.244.0." + (10 + i), true);
        }

        JsonNode endpoints = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> http().get("/api/v1/namespaces/" + ns + "/endpoints/web")
                                .body(),
                        e -> e.at("/subsets/0/addresses").size() == 2);
        assertThat(ips(endpoints.at("/subsets/0/addresses"))).containsExactly("10.244.0.11", "10.244.0.12");
        assertThat(endpoints.at("/subsets/0/addresses/0/nodeName").asText()).isEqualTo("node-a");
        assertThat(endpoints.at("/subsets/0/addresses/0/targetRef/kind").asText())
                .isEqualTo("Pod");
        assertThat(endpoints.at("/subsets/0/addresses/0/targetRef/name").asText())
                .isEqualTo("web-1");
        assertThat(endpoints.at("/subsets/0/ports/0/port").asInt()).isEqualTo(8080);
        assertThat(endpoints.at("/subsets/0/ports/0/name").asText()).isEqualTo("http");
        assertThat(endpoints.at("/subsets/0/ports/0/protocol").asText()).isEqualTo("TCP");
        assertThat(endpoints.at("/metadata/labels/tier").asText()).isEqualTo("front");
        assertThat(endpoints.at("/metadata/annotations").has("endpoints.kubernetes.io/last-change-trigger-time"))
                .isTrue();

        JsonNode slice = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> onlySlice(ns),
                        s -> s != null && s.path("endpoints").size() == 2);
        assertThat(slice.at("/metadata/name").asText()).startsWith("web-");
        assertThat(slice.at("/metadata/labels/kubernetes.io~1service-name").asText())
                .isEqualTo("web");
        assertThat(slice.at("/metadata/labels/endpointslice.kubernetes.io~1managed-by")
                        .asText())
                .isEqualTo("endpointslice-controller.k8s.io");
        assertThat(slice.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("Service");
        assertThat(slice.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo(service.text("/metadata/uid"));
        assertThat(slice.path("addressType").asText()).isEqualTo("IPv4");
        assertThat(slice.at("/ports/0/port").asInt()).isEqualTo(8080);
        for (JsonNode endpoint : slice.path("endpoints")) {
            assertThat(endpoint.at("/conditions/ready").asBoolean()).isTrue();
            assertThat(endpoint.at("/conditions/serving").asBoolean()).isTrue();
            assertThat(endpoint.at("/conditions/terminating").asBoolean()).isFalse();
            assertThat(endpoint.path("nodeName").asText()).isEqualTo("node-a");
            assertThat(endpoint.path("zone").asText()).isEqualTo("zone-1");
        }

        writeStatus(ns, "web-2", "10.244.0.12", false);

        JsonNode moved = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> http().get("/api/v1/namespaces/" + ns + "/endpoints/web")
                                .body(),
                        e -> e.at("/subsets/0/notReadyAddresses").size() == 1);
        assertThat(ips(moved.at("/subsets/0/addresses"))).containsExactly("10.244.0.11");
        assertThat(ips(moved.at("/subsets/0/notReadyAddresses"))).containsExactly("10.244.0.12");
        JsonNode updatedSlice = await().atMost(Duration.ofSeconds(20))
                .until(() -> onlySlice(ns), s -> s != null && notReadyIps(s).equals(List.of("10.244.0.12")));
        assertThat(updatedSlice.at("/metadata/name").asText())
                .as("updated in place")
                .isEqualTo(slice.at("/metadata/name").asText());
        assertThat(updatedSlice.path("endpoints")).hasSize(2);
    }

    @Test
    void aDeletedNamespaceWaitsForFinalizersThenGoes() {
        String ns = "doomed";
        assertThat(http().createNamespace(ns).code()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20))
                .alias("the ServiceAccount controller gives every namespace a default ServiceAccount")
                .until(() -> http().get("/api/v1/namespaces/" + ns + "/serviceaccounts/default")
                                .code()
                        == 200);
        assertThat(http().post("/api/v1/namespaces/" + ns + "/configmaps", """
                        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"k":"v"}}
                        """).code())
                .isEqualTo(201);
        assertThat(http().post("/api/v1/namespaces/" + ns + "/services", """
                        {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc"},
                         "spec":{"selector":{"app":"held"},"ports":[{"port":80}]}}
                        """).code())
                .isEqualTo(201);
        assertThat(http().post("/api/v1/namespaces/" + ns + "/pods", """
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"held","labels":{"app":"held"},
                          "finalizers":["example.com/hold"]},
                         "spec":{"containers":[{"name":"c","image":"busybox"}]}}
                        """).code())
                .isEqualTo(201);

        assertThat(http().delete("/api/v1/namespaces/" + ns).code()).isEqualTo(200);

        JsonNode terminating = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> http().get("/api/v1/namespaces/" + ns).body(),
                        n -> condition(n, "NamespaceFinalizersRemaining")
                                .path("status")
                                .asText()
                                .equals("True"));
        assertThat(terminating.at("/status/phase").asText()).isEqualTo("Terminating");
        assertThat(condition(terminating, "NamespaceFinalizersRemaining")
                        .path("reason")
                        .asText())
                .isEqualTo("SomeFinalizerRemain");
        assertThat(condition(terminating, "NamespaceFinalizersRemaining")
                        .path("message")
                        .asText())
                .isEqualTo("Some finalizers are remaining: example.com/hold in 1 resource instances");
        assertThat(condition(terminating, "NamespaceContentRemaining")
                        .path("status")
                        .asText())
                .isEqualTo("True");
        assertThat(condition(terminating, "NamespaceContentRemaining")
                        .path("reason")
                        .asText())
                .isEqualTo("SomeResourcesRemain");
        assertThat(condition(terminating, "NamespaceContentRemaining")
                        .path("message")
                        .asText())
                .isEqualTo("Some resources are remaining: pods. has 1 resource instances");
        assertThat(condition(terminating, "NamespaceDeletionDiscoveryFailure")
                        .path("reason")
                        .asText())
                .isEqualTo("ResourcesDiscovered");
        assertThat(condition(terminating, "NamespaceDeletionContentFailure")
                        .path("status")
                        .asText())
                .isEqualTo("False");
        assertThat(terminating.at("/spec/finalizers/0").asText()).isEqualTo("kubernetes");
        assertThat(http().get("/api/v1/namespaces/" + ns + "/configmaps/settings")
                        .code())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/namespaces/" + ns + "/services/svc").code())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/namespaces/" + ns + "/serviceaccounts/default")
                        .code())
                .as("not recreated in a terminating namespace")
                .isEqualTo(404);

        KubeHttp.Reply released = http().patch(
                        "/api/v1/namespaces/" + ns + "/pods/held",
                        "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]",
                        "application/json-patch+json");
        assertThat(released.code()).as(released.body().toString()).isEqualTo(200);

        Instant released_at = Instant.now();
        await().atMost(Duration.ofSeconds(40))
                .until(() -> http().get("/api/v1/namespaces/" + ns).code() == 404);
        assertThat(Duration.between(released_at, Instant.now())).isLessThan(Duration.ofSeconds(40));
    }

    /** What a kubelet reports: Running at {@code ip}, Ready or not since now, the rest of the status kept. */
    private static void writeStatus(String ns, String pod, String ip, boolean ready) {
        ObjectNode current = (ObjectNode)
                http().get("/api/v1/namespaces/" + ns + "/pods/" + pod).body();
        ObjectNode status = current.with("status");
        status.put("phase", "Running");
        status.put("podIP", ip);
        status.putArray("podIPs").addObject().put("ip", ip);
        ObjectNode condition = status.putArray("conditions").addObject();
        condition.put("type", "Ready");
        condition.put("status", ready ? "True" : "False");
        condition.put("lastTransitionTime", Instant.now().toString());
        KubeHttp.Reply written =
                http().put("/api/v1/namespaces/" + ns + "/pods/" + pod + "/status", current.toString());
        assertThat(written.code()).as(written.body().toString()).isEqualTo(200);
    }

    private static JsonNode onlySlice(String ns) {
        JsonNode items = http().get("/apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices")
                .body()
                .path("items");
        return items.size() == 1 ? items.get(0) : null;
    }

    private static List<String> notReadyIps(JsonNode slice) {
        List<String> ips = new ArrayList<>();
        for (JsonNode endpoint : slice.path("endpoints")) {
            if (!endpoint.at("/conditions/ready").asBoolean()) {
                ips.add(endpoint.at("/addresses/0").asText());
            }
        }
        return ips;
    }

    private static List<String> ips(JsonNode addresses) {
        List<String> ips = new ArrayList<>();
        addresses.forEach(address -> ips.add(address.path("ip").asText()));
        return ips;
    }

    private static JsonNode condition(JsonNode namespace, String type) {
        for (JsonNode condition : namespace.at("/status/conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return condition;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
