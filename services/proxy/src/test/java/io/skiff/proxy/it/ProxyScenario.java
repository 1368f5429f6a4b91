package io.skiff.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.boot.ComponentApplication;
import io.skiff.model.json.KubeJson;
import io.skiff.proxy.ProxyApplication;
import io.skiff.proxy.testing.Objects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The proxy against a real API server (on PostgreSQL) and a real node network in namespaces: two
 * pods serve their names, Services and EndpointSlices are created through the API (no
 * controllers: the test plays the EndpointSlice controller), and a client namespace calls the
 * service addresses. Each mode's test runs these scenarios.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProxyScenario {

    static final String NAMESPACE = "proxy-it";
    static final String POD1 = "10.244.0.11";
    static final String POD2 = "10.244.0.12";
    private static final Duration PROGRAMMED_WITHIN = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    NetnsLab lab;
    private ApiServerInstance apiServer;
    private KubeHttp http;
    private ConfigurableApplicationContext proxy;

    abstract String mode();

    @BeforeAll
    void start() throws Exception {
        NetnsLab.assumeCapable();
        lab = NetnsLab.create(work);
        try {
            lab.pod("pod1", POD1);
            lab.pod("pod2", POD2);
            apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
            http = new KubeHttp(apiServer.baseUrl());
            http.createNamespace(NAMESPACE);
            proxy = ComponentApplication.builder(ProxyApplication.class, "proxy")
                    .run(
                            "--skiff.apiserver.urls=" + apiServer.baseUrl(),
                            "--server.port=0",
                            "--server.address=127.0.0.1",
                            "--skiff.proxy.mode=" + mode(),
                            "--skiff.proxy.node-name=node1",
                            "--skiff.proxy.node-network-namespace=" + lab.nodeNamespace());
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aClientReachesTheClusterIpAndSeesBothBackends() {
        createService(
                Objects.service(NAMESPACE, "web", "10.96.0.20", "http", 80).build());
        createSlice(Objects.slice(NAMESPACE, "web", "web-1", "http", 8080, POD1, POD2)
                .build());

        awaitAnswer(() -> lab.getFromClient("http://10.96.0.20/"), NetnsLab.Answer::ok, "the cluster IP answers");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 40 && seen.size() < 2; i++) {
            NetnsLab.Answer answer = lab.getFromClient("http://10.96.0.20/");
            assertThat(answer.ok()).as("call %d: %s", i, answer.body()).isTrue();
            seen.add(answer.body());
        }
        assertThat(seen).containsExactlyInAnyOrder("pod1", "pod2");
    }

    @Test
    void aProcessOnTheNodeReachesTheClusterIpAndTheNodePort() {
        createService(Objects.nodePort(
                Objects.service(NAMESPACE, "np", "10.96.0.21", "http", 80).build(), 30080));
        createSlice(Objects.slice(NAMESPACE, "np", "np-1", "http", 8080, POD1).build());

        awaitAnswer(
                () -> lab.getFromNode("http://" + NetnsLab.NODE_ADDRESS + ":30080/"),
                NetnsLab.Answer::ok,
                "the NodePort answers on the node's address");
        assertThat(lab.getFromNode("http://" + NetnsLab.NODE_ADDRESS + ":30080/")
                        .body())
                .isEqualTo("pod1");
        NetnsLab.Answer clusterIp = lab.getFromNode("http://10.96.0.21/");
        assertThat(clusterIp.ok())
                .as("the node reaches a programmed cluster IP through the service-range route: %s", clusterIp.body())
                .isTrue();
        assertThat(clusterIp.body()).isEqualTo("pod1");
    }

    @Test
    void aPodReachesAServiceWhoseEndpointIsAnotherPodOnTheSameBridge() {
        createService(Objects.service(NAMESPACE, "neighbour", "10.96.0.22", "http", 80)
                .build());
        createSlice(Objects.slice(NAMESPACE, "neighbour", "neighbour-1", "http", 8080, POD2)
                .build());

        NetnsLab.Answer answer = awaitAnswer(
                () -> lab.getFromPod("pod1", "http://10.96.0.22/"),
                NetnsLab.Answer::ok,
                "pod1 reaches the service of pod2 (the reply crosses the bridge pod to pod)");
        assertThat(answer.body()).isEqualTo("pod2");
    }

    @Test
    void aServiceWithoutEndpointsIsRejectedFast() {
        createService(
                Objects.service(NAMESPACE, "empty", "10.96.0.30", "http", 80).build());

        NetnsLab.Answer answer = awaitAnswer(
                () -> lab.getFromClient("http://10.96.0.30/"),
                a -> !a.ok() && a.millis() < 1500,
                "a call to a service without endpoints fails at once");
        assertThat(answer.ok()).isFalse();
    }

    @Test
    void anEndpointRemovedIsGoneAfterTheSync() {
        createService(
                Objects.service(NAMESPACE, "shrink", "10.96.0.40", "http", 80).build());
        EndpointSlice slice = Objects.slice(NAMESPACE, "shrink", "shrink-1", "http", 8080, POD1, POD2)
                .build();
        createSlice(slice);
        awaitAnswer(() -> lab.getFromClient("http://10.96.0.40/"), NetnsLab.Answer::ok, "the cluster IP answers");

        EndpointSlice current = KubeJson.mapper()
                .convertValue(
                        http.get("/apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE + "/endpointslices/shrink-1")
                                .body(),
                        EndpointSlice.class);
        current.setEndpoints(List.of(Objects.endpoint(POD1, true, true, false)));
        current.getMetadata().setAnnotations(triggerTimeNow());
        KubeHttp.Reply replaced = http.put(
                "/apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE + "/endpointslices/shrink-1", json(current));
        assertThat(replaced.code()).as(replaced.body().toString()).isEqualTo(200);

        long deadline = System.nanoTime() + PROGRAMMED_WITHIN.toNanos();
        int consecutiveOnPod1 = 0;
        for (int i = 0; i < 400 && consecutiveOnPod1 < 15 && System.nanoTime() < deadline; i++) {
            NetnsLab.Answer answer = lab.getFromClient("http://10.96.0.40/");
            consecutiveOnPod1 = answer.ok() && answer.body().equals("pod1") ? consecutiveOnPod1 + 1 : 0;
        }
        assertThat(consecutiveOnPod1)
                .as("fifteen calls in a row reach the remaining endpoint")
                .isEqualTo(15);
    }

    @Test
    void healthAndMetricsReportTheSyncs() throws Exception {
        createService(
                Objects.service(NAMESPACE, "metered", "10.96.0.50", "http", 80).build());
        createSlice(Objects.slice(NAMESPACE, "metered", "metered-1", "http", 8080, POD2)
                .build());
        awaitAnswer(() -> lab.getFromClient("http://10.96.0.50/"), NetnsLab.Answer::ok, "the cluster IP answers");

        assertThat(actuator("/actuator/health")).contains("\"proxy\"").contains("\"UP\"");
        String metrics = actuator("/actuator/prometheus");
        assertThat(metrics)
                .contains("kubeproxy_sync_proxy_rules_duration_seconds_count")
                .contains("kubeproxy_sync_proxy_rules_last_timestamp_seconds")
                .contains("kubeproxy_network_programming_duration_seconds_count");
    }

    void createService(Service service) {
        KubeHttp.Reply reply = http.post("/api/v1/namespaces/" + NAMESPACE + "/services", json(service));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
    }

    /** Applies a JSON merge patch to a Service (or, with {@code /status}, to its status). */
    void patchService(String nameAndSubresource, String mergePatch) {
        KubeHttp.Reply reply = http.patch(
                "/api/v1/namespaces/" + NAMESPACE + "/services/" + nameAndSubresource,
                mergePatch,
                "application/merge-patch+json");
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(200);
    }

    /** Replaces the endpoints of an EndpointSlice, as the EndpointSlice controller would. */
    void replaceSliceEndpoints(String sliceName, io.fabric8.kubernetes.api.model.discovery.v1.Endpoint... endpoints) {
        String path = "/apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE + "/endpointslices/" + sliceName;
        EndpointSlice current = KubeJson.mapper().convertValue(http.get(path).body(), EndpointSlice.class);
        current.setEndpoints(List.of(endpoints));
        current.getMetadata().setAnnotations(triggerTimeNow());
        KubeHttp.Reply replaced = http.put(path, json(current));
        assertThat(replaced.code()).as(replaced.body().toString()).isEqualTo(200);
    }

    void createSlice(EndpointSlice slice) {
        slice.getMetadata().setAnnotations(triggerTimeNow());
        KubeHttp.Reply reply =
                http.post("/apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE + "/endpointslices", json(slice));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
    }

    private static Map<String, String> triggerTimeNow() {
        return Map.of(
                "endpoints.kubernetes.io/last-change-trigger-time",
                Instant.now().toString());
    }

    /** Calls until {@code done} holds, within a bounded time and count; fails with the last answer. */
    static NetnsLab.Answer awaitAnswer(
            java.util.function.Supplier<NetnsLab.Answer> call, Predicate<NetnsLab.Answer> done, String what) {
        long deadline = System.nanoTime() + PROGRAMMED_WITHIN.toNanos();
        NetnsLab.Answer last = null;
        for (int i = 0; i < 200 && System.nanoTime() < deadline; i++) {
            last = call.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("not within " + PROGRAMMED_WITHIN + ": " + what + "; last answer " + last);
    }

    String actuator(String path) throws Exception {
        String port = proxy.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static String json(Object object) {
        try {
            return KubeJson.mapper().writeValueAsString(object);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
