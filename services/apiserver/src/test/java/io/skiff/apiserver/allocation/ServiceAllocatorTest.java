package io.skiff.apiserver.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.registry.AllocationPlan;
import io.skiff.apiserver.storage.Allocation;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServiceAllocatorTest {

    private static final ResourceType SERVICES =
            ResourceCatalog.builtin().byPlural("", "v1", "services").orElseThrow();

    private final List<String> committed = new ArrayList<>();
    private final ServiceAllocator allocator = new ServiceAllocator(
            ServiceIpRange.parse("10.96.0.0/27"),
            NodePortRange.parse("30000-30099"),
            pool -> List.copyOf(committed),
            new Random(7));

    private static ObjectNode service(String json) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode clusterIp(String clusterIp) {
        return service("{\"metadata\":{\"name\":\"web\",\"uid\":\"u1\"},\"spec\":{\"type\":\"ClusterIP\""
                + (clusterIp == null ? "" : ",\"clusterIP\":\"" + clusterIp + "\"")
                + ",\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}]}}");
    }

    @Test
    void aServiceWithoutAClusterIpGetsOneFromTheUpperBand() {
        ObjectNode web = clusterIp(null);
        AllocationPlan plan = allocator.allocate(SERVICES, null, web, false);

        String ip = web.at("/spec/clusterIP").asText();
        assertThat(ServiceIpRange.parse("10.96.0.0/27").offsetOf(ip).getAsInt()).isBetween(16, 29);
        assertThat(web.at("/spec/clusterIPs/0").asText()).isEqualTo(ip);
        assertThat(plan.acquire()).containsExactly(new Allocation("serviceips", ip, "u1"));
        assertThat(plan.release()).isEmpty();
    }

    @Test
    void headlessAndExternalNameServicesGetNoAddress() {
        AllocationPlan headless = allocator.allocate(SERVICES, null, clusterIp("None"), false);
        ObjectNode external = service(
                "{\"metadata\":{\"name\":\"db\",\"uid\":\"u2\"},\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"db.example.com\"}}");
        AllocationPlan externalName = allocator.allocate(SERVICES, null, external, false);

        assertThat(headless.acquire()).isEmpty();
        assertThat(externalName.acquire()).isEmpty();
        assertThat(external.at("/spec/clusterIP").isMissingNode()).isTrue();
    }

    @Test
    void aRequestedAddressOutsideTheRangeIsRefusedWithKubernetesMessage() {
        assertThatThrownBy(() -> allocator.allocate(SERVICES, null, clusterIp("10.96.1.5"), false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage())
                            .isEqualTo("Service \"web\" is invalid: spec.clusterIPs: Invalid value: [\"10.96.1.5\"]:"
                                    + " failed to allocate IP 10.96.1.5: provided IP is not in the valid range."
                                    + " The range of valid IPs is 10.96.0.0/27");
                });
    }

    @Test
    void aRequestedAddressTakenElsewhereIsTheClientsError() {
        AllocationPlan plan = allocator.allocate(SERVICES, null, clusterIp("10.96.0.5"), false);
        plan.abandoned();
        assertThat(plan.taken(new Allocation("serviceips", "10.96.0.5", "u1")))
                .get()
                .satisfies(e -> assertThat(e.getMessage())
                        .endsWith("failed to allocate IP 10.96.0.5: provided IP is already allocated"));
    }

    @Test
    void dualStackIsRefusedOnThisSingleStackCluster() {
        ObjectNode dual = clusterIp(null);
        ((ObjectNode) dual.get("spec")).put("ipFamilyPolicy", "RequireDualStack");
        assertThatThrownBy(() -> allocator.allocate(SERVICES, null, dual, false))
                .hasMessageContaining("spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\":"
                        + " this cluster is not configured for dual-stack services");
    }

    @Test
    void aFullRangeIsA422WithKubernetesMessage() {
        for (int i = 0; i < 30; i++) {
            ObjectNode service = clusterIp(null);
            allocator.allocate(SERVICES, null, service, false).committed();
            committed.add(service.at("/spec/clusterIP").asText());
        }
        assertThatThrownBy(() -> allocator.allocate(SERVICES, null, clusterIp(null), false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("failed to allocate a serviceIP: range is full");
                });
    }

    @Test
    void abandonedPicksAreFreeAgain() {
        for (int i = 0; i < 30; i++) {
            allocator.allocate(SERVICES, null, clusterIp(null), false).abandoned();
        }
        assertThat(allocator.freeIps()).isEqualTo(30);
    }

    @Test
    void nodePortsOnePerServicePortNumberRequestedOnesHonoured() {
        ObjectNode dns = service("{\"metadata\":{\"name\":\"dns\",\"uid\":\"u3\"},\"spec\":{\"type\":\"NodePort\","
                + "\"ports\":[{\"name\":\"udp\",\"port\":53,\"protocol\":\"UDP\"},"
                + "{\"name\":\"tcp\",\"port\":53,\"protocol\":\"TCP\"},"
                + "{\"name\":\"web\",\"port\":80,\"protocol\":\"TCP\",\"nodePort\":30080}]}}");
        AllocationPlan plan = allocator.allocate(SERVICES, null, dns, false);

        int shared = dns.at("/spec/ports/0/nodePort").asInt();
        assertThat(shared).isBetween(30000, 30099);
        assertThat(dns.at("/spec/ports/1/nodePort").asInt()).isEqualTo(shared);
        assertThat(dns.at("/spec/ports/2/nodePort").asInt()).isEqualTo(30080);
        assertThat(plan.acquire())
                .extracting(Allocation::value)
                .containsExactlyInAnyOrder(dns.at("/spec/clusterIP").asText(), Integer.toString(shared), "30080");
    }

    @Test
    void aRequestedNodePortOutsideTheRangeIsRefused() {
        ObjectNode web = service("{\"metadata\":{\"name\":\"web\",\"uid\":\"u4\"},\"spec\":{\"type\":\"NodePort\","
                + "\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"nodePort\":8080}]}}");
        assertThatThrownBy(() -> allocator.allocate(SERVICES, null, web, false))
                .hasMessage("Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is"
                        + " not in the valid range. The range of valid ports is 30000-30099");
    }

    @Test
    void loadBalancersWithLocalTrafficGetAHealthCheckNodePortUnlessNodePortsAreOff() {
        ObjectNode lb = service("{\"metadata\":{\"name\":\"lb\",\"uid\":\"u5\"},\"spec\":{\"type\":\"LoadBalancer\","
                + "\"externalTrafficPolicy\":\"Local\",\"allocateLoadBalancerNodePorts\":false,"
                + "\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}]}}");
        allocator.allocate(SERVICES, null, lb, false);

        assertThat(lb.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
        assertThat(lb.at("/spec/healthCheckNodePort").asInt()).isBetween(30000, 30099);
    }

    @Test
    void changingTypeReleasesWhatTheNewTypeDoesNotHold() {
        ObjectNode old = service("{\"metadata\":{\"name\":\"web\",\"uid\":\"u6\"},\"spec\":{\"type\":\"NodePort\","
                + "\"clusterIP\":\"10.96.0.20\",\"clusterIPs\":[\"10.96.0.20\"],"
                + "\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"nodePort\":30080}]}}");
        ObjectNode toClusterIp = old.deepCopy();
        ((ObjectNode) toClusterIp.get("spec")).put("type", "ClusterIP");
        allocator.keepAllocated(SERVICES, toClusterIp, old);
        AllocationPlan plan = allocator.allocate(SERVICES, old, toClusterIp, false);

        assertThat(toClusterIp.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
        assertThat(plan.acquire()).isEmpty();
        assertThat(plan.release()).containsExactly(new Allocation("servicenodeports", "30080", "u6"));

        ObjectNode toExternalName = old.deepCopy();
        ((ObjectNode) toExternalName.get("spec")).put("type", "ExternalName").put("externalName", "example.com");
        allocator.keepAllocated(SERVICES, toExternalName, old);
        AllocationPlan toExternal = allocator.allocate(SERVICES, old, toExternalName, false);
        assertThat(toExternalName.at("/spec/clusterIP").isMissingNode()).isTrue();
        assertThat(toExternal.release())
                .containsExactlyInAnyOrder(
                        new Allocation("serviceips", "10.96.0.20", "u6"),
                        new Allocation("servicenodeports", "30080", "u6"));
    }

    @Test
    void anUpdateWithoutTheAllocatedValuesKeepsThem() {
        ObjectNode old = service("{\"metadata\":{\"name\":\"web\",\"uid\":\"u7\"},\"spec\":{\"type\":\"NodePort\","
                + "\"clusterIP\":\"10.96.0.20\",\"clusterIPs\":[\"10.96.0.20\"],"
                + "\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"nodePort\":30080}]}}");
        ObjectNode put = service("{\"metadata\":{\"name\":\"web\",\"uid\":\"u7\"},\"spec\":{\"type\":\"NodePort\","
                + "\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\"}]}}");
        allocator.keepAllocated(SERVICES, put, old);
        AllocationPlan plan = allocator.allocate(SERVICES, old, put, false);

        assertThat(put.at("/spec/clusterIP").asText()).isEqualTo("10.96.0.20");
        assertThat(put.at("/spec/ports/0/nodePort").asInt()).isEqualTo(30080);
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void aDeleteReleasesEverything() {
        ObjectNode old = service("{\"metadata\":{\"name\":\"web\",\"uid\":\"u8\"},\"spec\":{\"type\":\"LoadBalancer\","
                + "\"clusterIP\":\"10.96.0.20\",\"externalTrafficPolicy\":\"Local\",\"healthCheckNodePort\":30001,"
                + "\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"nodePort\":30080}]}}");
        AllocationPlan plan = allocator.allocate(SERVICES, old, null, false);

        assertThat(plan.acquire()).isEmpty();
        assertThat(plan.release())
                .extracting(Allocation::value)
                .containsExactlyInAnyOrder("10.96.0.20", "30080", "30001");
    }

    @Test
    void aReloadSeesWhatOtherServersCommitted() {
        for (int i = 1; i <= 30; i++) {
            committed.add("10.96.0." + i);
        }
        allocator.reload();
        assertThat(allocator.freeIps()).isZero();
        committed.clear();
        // Looking full, the pool reloads before giving up.
        allocator.allocate(SERVICES, null, clusterIp(null), false);
        assertThat(allocator.freeIps()).isEqualTo(29);
    }
}
