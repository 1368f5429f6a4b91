package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cluster IPs and node ports through two real API servers on one PostgreSQL, with a small service
 * range (10.96.0.0/27: 30 addresses, the first the {@code kubernetes} Service's) and a small node
 * port range (30000-30019), so the pools fill up within the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceAllocationIntegrationTest {

    private static final String SERVICES = "/api/v1/namespaces/apps/services";

    private static String database;
    private static ApiServerInstance first;
    private static ApiServerInstance second;
    private static KubeHttp one;
    private static KubeHttp two;

    @BeforeAll
    static void start() {
        database = TestPostgres.newDatabase();
        first = ApiServerInstance.onDatabase(database, settings("192.0.2.1"));
        second = ApiServerInstance.onDatabase(database, settings("192.0.2.2"));
        one = new KubeHttp(first.baseUrl());
        two = new KubeHttp(second.baseUrl());
        assertThat(one.createNamespace("apps").code()).isEqualTo(201);
    }

    private static String[] settings(String advertiseAddress) {
        return new String[] {
            "--skiff.apiserver.service-cluster-ip-range=10.96.0.0/27",
            "--skiff.apiserver.service-node-port-range=30000-30019",
            "--skiff.apiserver.advertise-address=" + advertiseAddress,
            // Both serve on random ports here; in a real cluster all API servers share one.
            "--skiff.apiserver.advertise-port=6443",
            "--skiff.apiserver.endpoint-reconcile-interval=300ms",
            "--skiff.apiserver.endpoint-lease-duration=5s"
        };
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private static String service(String name, String type, String extraSpec) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"type\":\"" + type + "\",\"selector\":{\"app\":\"" + name + "\"},"
                + "\"ports\":[{\"port\":80,\"targetPort\":8080}]" + extraSpec + "}}";
    }

    @Test
    @Order(1)
    void theKubernetesServiceTakesTheFirstAddressAndListsBothApiServers() throws Exception {
        JsonNode service =
                one.get("/api/v1/namespaces/default/services/kubernetes").body();
        assertThat(service.at("/spec/clusterIP").asText()).isEqualTo("10.96.0.1");
        assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("https");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(443);

        List<String> addresses = awaitEndpointAddresses(List.of("192.0.2.1", "192.0.2.2"));
        assertThat(addresses).containsExactly("192.0.2.1", "192.0.2.2");
        JsonNode slice = one.get("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes")
                .body();
        assertThat(slice.at("/metadata/labels/kubernetes.io~1service-name").asText())
                .isEqualTo("kubernetes");
        assertThat(slice.at("/addressType").asText()).isEqualTo("IPv4");
        assertThat(slice.at("/endpoints").size()).isEqualTo(2);
        assertThat(slice.at("/ports/0/name").asText()).isEqualTo("https");
    }

    @Test
    @Order(2)
    void aRequestedAddressIsHonouredOnceAndOnlyInRange() {
        KubeHttp.Reply created = one.post(SERVICES, service("fixed", "ClusterIP", ",\"clusterIP\":\"10.96.0.5\""));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.text("/spec/clusterIPs/0")).isEqualTo("10.96.0.5");

        KubeHttp.Reply again = two.post(SERVICES, service("fixed-again", "ClusterIP", ",\"clusterIP\":\"10.96.0.5\""));
        assertThat(again.code()).isEqualTo(422);
        assertThat(again.text("/message"))
                .isEqualTo("Service \"fixed-again\" is invalid: spec.clusterIPs: Invalid value: [\"10.96.0.5\"]:"
                        + " failed to allocate IP 10.96.0.5: provided IP is already allocated");

        KubeHttp.Reply outside = one.post(SERVICES, service("outside", "ClusterIP", ",\"clusterIP\":\"10.96.1.5\""));
        assertThat(outside.code()).isEqualTo(422);
        assertThat(outside.text("/message"))
                .endsWith("provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/27");

        KubeHttp.Reply changed = one.patch(
                SERVICES + "/fixed",
                "{\"spec\":{\"clusterIP\":\"10.96.0.6\",\"clusterIPs\":[\"10.96.0.6\"]}}",
                "application/merge-patch+json");
        assertThat(changed.code()).isEqualTo(422);
        assertThat(changed.text("/message")).contains("spec.clusterIPs[0]").contains("may not change once set");

        assertThat(one.delete(SERVICES + "/fixed").code()).isEqualTo(200);
        KubeHttp.Reply reused = two.post(SERVICES, service("reuse", "ClusterIP", ",\"clusterIP\":\"10.96.0.5\""));
        assertThat(reused.code())
                .as("a deleted Service's address is free again")
                .isEqualTo(201);
        assertThat(one.delete(SERVICES + "/reuse").code()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void nodePortsAreRequestedReleasedAndFollowTypeChanges() {
        KubeHttp.Reply web = one.post(
                SERVICES,
                service("web", "NodePort", "")
                        .replace("\"targetPort\":8080}", "\"targetPort\":8080,\"nodePort\":30007}"));
        assertThat(web.code()).as(web.body().toString()).isEqualTo(201);
        assertThat(web.text("/spec/ports/0/nodePort")).isEqualTo("30007");

        KubeHttp.Reply clash = two.post(
                SERVICES,
                service("clash", "NodePort", "")
                        .replace("\"targetPort\":8080}", "\"targetPort\":8080,\"nodePort\":30007}"));
        assertThat(clash.code()).isEqualTo(422);
        assertThat(clash.text("/message"))
                .isEqualTo("Service \"clash\" is invalid: spec.ports[0].nodePort: Invalid value: 30007:"
                        + " provided port is already allocated");

        KubeHttp.Reply outside = two.post(
                SERVICES,
                service("far", "NodePort", "")
                        .replace("\"targetPort\":8080}", "\"targetPort\":8080,\"nodePort\":31000}"));
        assertThat(outside.code()).isEqualTo(422);
        assertThat(outside.text("/message"))
                .endsWith("provided port is not in the valid range. The range of valid ports is 30000-30019");

        KubeHttp.Reply toClusterIp = two.patch(
                SERVICES + "/web", "{\"spec\":{\"type\":\"ClusterIP\"}}", "application/strategic-merge-patch+json");
        assertThat(toClusterIp.code()).as(toClusterIp.body().toString()).isEqualTo(200);
        assertThat(toClusterIp.body().at("/spec/ports/0/nodePort").isMissingNode())
                .isTrue();
        assertThat(toClusterIp.body().at("/spec/externalTrafficPolicy").isMissingNode())
                .isTrue();
        KubeHttp.Reply takesIt = one.post(
                SERVICES,
                service("clash", "NodePort", "")
                        .replace("\"targetPort\":8080}", "\"targetPort\":8080,\"nodePort\":30007}"));
        assertThat(takesIt.code()).as("the released port is free again").isEqualTo(201);

        KubeHttp.Reply toLoadBalancer = one.patch(
                SERVICES + "/web", "{\"spec\":{\"type\":\"LoadBalancer\"}}", "application/strategic-merge-patch+json");
        assertThat(toLoadBalancer.code()).as(toLoadBalancer.body().toString()).isEqualTo(200);
        assertThat(toLoadBalancer.body().at("/spec/ports/0/nodePort").asInt()).isBetween(30000, 30019);

        String ip = toLoadBalancer.text("/spec/clusterIP");
        KubeHttp.Reply toExternalName = two.patch(
                SERVICES + "/web",
                "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"web.example.com\"}}",
                "application/merge-patch+json");
        assertThat(toExternalName.code()).as(toExternalName.body().toString()).isEqualTo(200);
        assertThat(toExternalName.body().at("/spec/clusterIP").isMissingNode()).isTrue();
        KubeHttp.Reply back = one.patch(
                SERVICES + "/web",
                "{\"spec\":{\"type\":\"ClusterIP\",\"externalName\":null}}",
                "application/merge-patch+json");
        assertThat(back.code()).as(back.body().toString()).isEqualTo(200);
        assertThat(back.text("/spec/clusterIP")).isNotEmpty();

        assertThat(one.delete(SERVICES + "/web").code()).isEqualTo(200);
        assertThat(one.delete(SERVICES + "/clash").code()).isEqualTo(200);
        assertThat(ip).isNotEmpty();
    }

    @Test
    @Order(4)
    void concurrentCreatesThroughBothServersNeverShareAnAddressAndFillTheRangeCleanly() throws Exception {
        int attempts = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<KubeHttp.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            KubeHttp via = i % 2 == 0 ? one : two;
            String name = "svc-" + i;
            replies.add(pool.submit(() -> via.post(SERVICES, service(name, "ClusterIP", ""))));
        }
        Set<String> addresses = new HashSet<>();
        int created = 0;
        int full = 0;
        for (Future<KubeHttp.Reply> future : replies) {
            KubeHttp.Reply reply = future.get(60, TimeUnit.SECONDS);
            if (reply.code() == 201) {
                created++;
                assertThat(addresses.add(reply.text("/spec/clusterIP")))
                        .as("address %s handed out twice", reply.text("/spec/clusterIP"))
                        .isTrue();
            } else {
                assertThat(reply.code()).as(reply.body().toString()).isEqualTo(422);
                assertThat(reply.text("/message")).contains("failed to allocate a serviceIP: range is full");
                full++;
            }
        }
        pool.shutdown();
        // 30 addresses, one the kubernetes Service's.
        assertThat(created).isEqualTo(29);
        assertThat(full).isEqualTo(attempts - 29);
        assertThat(addresses).doesNotContain("10.96.0.1", "10.96.0.0", "10.96.0.31");
        assertThat(allocatedInDatabase("serviceips")).hasSize(30).containsAll(addresses);

        for (int i = 0; i < attempts; i++) {
            one.delete(SERVICES + "/svc-" + i);
        }
        assertThat(allocatedInDatabase("serviceips")).containsExactly("10.96.0.1");
        KubeHttp.Reply afterwards = two.post(SERVICES, service("afterwards", "ClusterIP", ""));
        assertThat(afterwards.code())
                .as("the other server learns of the releases")
                .isEqualTo(201);
    }

    @Test
    @Order(5)
    void anApiServerThatStopsRenewingItsLeaseDropsOut() throws Exception {
        // As a crashed API server leaves it: a Lease renewed once, 2 s long.
        String renewed = java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS)
                .toString();
        KubeHttp.Reply lease = one.post(
                "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases",
                "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\","
                        + "\"metadata\":{\"name\":\"skiff-apiserver-endpoint-192-0-2-9-6443\"},"
                        + "\"spec\":{\"holderIdentity\":\"192.0.2.9:6443\",\"leaseDurationSeconds\":2,"
                        + "\"renewTime\":\"" + renewed + "\"}}");
        assertThat(lease.code()).as(lease.body().toString()).isEqualTo(201);
        assertThat(awaitEndpointAddresses(List.of("192.0.2.1", "192.0.2.2", "192.0.2.9")))
                .containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.9");
        assertThat(awaitEndpointAddresses(List.of("192.0.2.1", "192.0.2.2"))).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(one.get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/"
                                + "skiff-apiserver-endpoint-192-0-2-9-6443")
                        .code())
                .as("the expired Lease is removed")
                .isEqualTo(404);
    }

    @Test
    @Order(6)
    void aStoppedApiServerLeavesTheEndpoints() throws Exception {
        second.close();
        second = null;
        assertThat(awaitEndpointAddresses(List.of("192.0.2.1"))).containsExactly("192.0.2.1");
    }

    private static List<String> awaitEndpointAddresses(List<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        List<String> addresses = List.of();
        while (System.currentTimeMillis() < deadline) {
            JsonNode endpoints =
                    one.get("/api/v1/namespaces/default/endpoints/kubernetes").body();
            List<String> seen = new ArrayList<>();
            endpoints
                    .at("/subsets/0/addresses")
                    .forEach(a -> seen.add(a.path("ip").asText()));
            addresses = seen;
            if (addresses.equals(expected)) {
                return addresses;
            }
            Thread.sleep(100);
        }
        return addresses;
    }

    private static List<String> allocatedInDatabase(String pool) throws Exception {
        try (Connection conn = DriverManager.getConnection(database, TestPostgres.username(), null);
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT value FROM skiff_allocation WHERE pool = '" + pool + "' ORDER BY value")) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
