package io.skiff.controllermanager.servicelb.it;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service-lb controller against a real API server: LoadBalancer Services get the Ready nodes'
 * addresses, follow the nodes, and lose them when their type changes away. The nodes are API
 * objects only (the test posts their status as a kubelet would); no traffic is sent anywhere.
 */
class ServiceLbControllerIntegrationTest {

    private static final String SERVICES = "/api/v1/namespaces/lb-it/services";

    @RegisterExtension
    static final ControlPlane controlPlane = ControlPlane.withControllerManager();

    private static KubeHttp http() {
        return controlPlane.http();
    }

    @BeforeAll
    static void namespace() {
        assertThat(http().createNamespace("lb-it").code()).isEqualTo(201);
    }

    @Test
    void loadBalancersPublishReadyNodeAddressesAndFollowTypeChanges() {
        createReadyNode("lb-a", "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"192.0.2.10\"}]");

        KubeHttp.Reply created = http().post(SERVICES, service("web", null));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        assertThat(awaitIngress("web", List.of("192.0.2.10"))).containsExactly("192.0.2.10");
        assertThat(get("web").at("/status/loadBalancer/ingress/0/ipMode").asText())
                .isEqualTo("VIP");
        await().atMost(Duration.ofSeconds(20)).until(() -> eventReasons("web").contains("EnsuredLoadBalancer"));
        assertThat(eventReasons("web")).contains("EnsuringLoadBalancer");

        createReadyNode(
                "lb-b",
                "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"192.0.2.11\"},"
                        + "{\"type\":\"ExternalIP\",\"address\":\"198.51.100.11\"}]");
        assertThat(awaitIngress("web", List.of("192.0.2.10", "198.51.100.11")))
                .containsExactly("192.0.2.10", "198.51.100.11");

        KubeHttp.Reply classed = http().post(SERVICES, service("other", "example.com/lb"));
        assertThat(classed.code()).as(classed.body().toString()).isEqualTo(201);

        KubeHttp.Reply toNodePort = http().patch(
                        SERVICES + "/web",
                        "{\"spec\":{\"type\":\"NodePort\"}}",
                        "application/strategic-merge-patch+json");
        assertThat(toNodePort.code()).as(toNodePort.body().toString()).isEqualTo(200);
        assertThat(awaitIngress("web", List.of())).isEmpty();
        assertThat(ingress(get("other")))
                .as("another class's Service is left alone")
                .isEmpty();
    }

    private static String service(String name, String loadBalancerClass) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"type\":\"LoadBalancer\",\"selector\":{\"app\":\"" + name + "\"},"
                + (loadBalancerClass == null ? "" : "\"loadBalancerClass\":\"" + loadBalancerClass + "\",")
                + "\"ports\":[{\"port\":80,\"targetPort\":8080}]}}";
    }

    private static void createReadyNode(String name, String addresses) {
        KubeHttp.Reply reply = http().post("/api/v1/nodes", """
                {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "%s"}}
                """.formatted(name));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        KubeHttp.Reply status = http().patch(
                        "/api/v1/nodes/" + name + "/status",
                        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
                                + "\"lastHeartbeatTime\":\"" + now + "\",\"lastTransitionTime\":\"" + now + "\"}],"
                                + addresses + "}}",
                        "application/merge-patch+json");
        assertThat(status.code()).as(status.body().toString()).isEqualTo(200);
    }

    private static List<String> awaitIngress(String name, List<String> expected) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> ingress(get(name)), expected::equals);
    }

    private static List<String> ingress(JsonNode service) {
        List<String> ips = new ArrayList<>();
        service.at("/status/loadBalancer/ingress")
                .forEach(i -> ips.add(i.path("ip").asText()));
        return ips;
    }

    private static JsonNode get(String name) {
        return http().get(SERVICES + "/" + name).body();
    }

    private static List<String> eventReasons(String name) {
        List<String> reasons = new ArrayList<>();
        http().get("/api/v1/namespaces/lb-it/events").body().path("items").forEach(e -> {
            if (name.equals(e.at("/involvedObject/name").asText())) {
                reasons.add(e.path("reason").asText());
            }
        });
        return reasons;
    }
}
