package io.skiff.ingress.it;

import static io.skiff.ingress.it.ClusterObjects.ingress;
import static io.skiff.ingress.it.ClusterObjects.service;
import static io.skiff.ingress.it.ClusterObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.boot.ComponentApplication;
import io.skiff.ingress.IngressControllerApplication;
import io.skiff.ingress.app.IngressServing;
import io.skiff.ingress.it.ClusterObjects.Endpoint;
import io.skiff.ingress.it.ClusterObjects.Path;
import io.skiff.ingress.it.ClusterObjects.Rule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ingress controller against a real API server on PostgreSQL, with curl on 127.0.0.1 as the
 * client. The "pods" are small HTTP servers inside a network namespace the test creates ({@link
 * PodNetwork}), listed as ready endpoints in EndpointSlices the tests write (no controller manager
 * runs); the controller opens its upstream connections in that namespace, so every answer also
 * proves the connection was made there: the pod addresses exist nowhere else.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class IngressControllerIntegrationTest {

    private static final String PUBLISHED = "203.0.113.7";
    private static final Duration ROUTED = Duration.ofSeconds(15);

    private static ApiServerInstance apiServer;
    private static KubeHttp http;
    private static PodNetwork podNetwork;
    private static ConfigurableApplicationContext controller;
    private static final List<EchoBackend> backends = new ArrayList<>();
    private static EchoBackend alpha;
    private static EchoBackend beta;
    private static int httpPort;
    private static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(
                Curl.available(), "SKIPPED: curl is not installed: the ingress integration tests use it as the client");
        PodNetwork.assumeCapable();
        podNetwork = PodNetwork.create();
        alpha = backend("alpha", PodNetwork.POD_A);
        beta = backend("beta", PodNetwork.POD_B);
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        controller = ComponentApplication.builder(IngressControllerApplication.class, "ingress-controller")
                .run(
                        "--skiff.apiserver.urls=" + apiServer.baseUrl(),
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--skiff.ingress.address=127.0.0.1",
                        "--skiff.ingress.http-port=0",
                        "--skiff.ingress.https-port=0",
                        "--skiff.ingress.node-network-namespace=" + podNetwork.path(),
                        "--skiff.ingress.publish-addresses=" + PUBLISHED);
        IngressServing serving = controller.getBean(IngressServing.class);
        httpPort = serving.httpAddress().orElseThrow().getPort();
        httpsPort = serving.httpsAddress().orElseThrow().getPort();
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
        backends.forEach(EchoBackend::close);
        if (apiServer != null) {
            apiServer.close();
        }
        if (podNetwork != null) {
            podNetwork.close();
        }
    }

    private static EchoBackend backend(String name, String address) throws Exception {
        EchoBackend backend = podNetwork.pod(name, address);
        backends.add(backend);
        return backend;
    }

    @Test
    void theDefaultIngressClassExistsAndPointsHere() {
        JsonNode ingressClass = await().atMost(ROUTED)
                .until(() -> http.get("/apis/networking.k8s.io/v1/ingressclasses/skiff"), reply -> reply.code() == 200)
                .body();
        assertThat(ingressClass.at("/spec/controller").asText()).isEqualTo("skiff.io/ingress-controller");
        assertThat(ingressClass
                        .at("/metadata/annotations/ingressclass.kubernetes.io~1is-default-class")
                        .asText())
                .isEqualTo("true");
    }

    @Test
    void twoHostsGoToTwoServicesStraightToTheirEndpoints() {
        String ns = "hosts";
        serviceWithEndpoints(ns, "svc-alpha", alpha);
        serviceWithEndpoints(ns, "svc-beta", beta);
        create(
                ns,
                "ingresses",
                ingress(
                        "two-hosts",
                        "skiff",
                        null,
                        List.of(),
                        List.of(
                                new Rule("alpha.example.com", List.of(new Path("/", "Prefix", "svc-alpha", false))),
                                new Rule("beta.example.com", List.of(new Path("/", "Prefix", "svc-beta", true))))));

        assertThat(awaitBackend("alpha.example.com", "/hello?x=1")).containsEntry("backend", "alpha");
        Map<String, String> beta = awaitBackend("beta.example.com", "/");
        assertThat(beta).as("the Service port by name").containsEntry("backend", "beta");
        Map<String, String> alphaAnswer = EchoBackend.parse(
                Curl.http("alpha.example.com", httpPort, "/hello?x=1").body());
        assertThat(alphaAnswer)
                .containsEntry("path", "/hello?x=1")
                .containsEntry("header:host", "alpha.example.com:" + httpPort);
        assertThat(Curl.http("nothing.example.com", httpPort, "/").code()).isEqualTo(404);
    }

    @Test
    void pathsFollowTheSpecsPrecedence() {
        String ns = "paths";
        serviceWithEndpoints(ns, "svc-alpha", alpha);
        serviceWithEndpoints(ns, "svc-beta", beta);
        create(
                ns,
                "ingresses",
                ingress(
                        "paths",
                        "skiff",
                        null,
                        List.of(),
                        List.of(new Rule(
                                "paths.example.com",
                                List.of(
                                        new Path("/", "Prefix", "svc-alpha", false),
                                        new Path("/exact", "Exact", "svc-beta", false),
                                        new Path("/api", "ImplementationSpecific", "svc-beta", false))))));

        awaitBackend("paths.example.com", "/");
        assertThat(backendOf("paths.example.com", "/exact")).isEqualTo("beta");
        assertThat(backendOf("paths.example.com", "/exact/more"))
                .as("Exact does not match sub-paths")
                .isEqualTo("alpha");
        assertThat(backendOf("paths.example.com", "/api/v1")).isEqualTo("beta");
        assertThat(backendOf("paths.example.com", "/apix"))
                .as("prefixes match whole elements")
                .isEqualTo("alpha");
    }

    @Test
    void theDefaultBackendTakesWhatNoRuleMatches() {
        String ns = "fallback";
        serviceWithEndpoints(ns, "svc-default", beta);
        assertThat(Curl.http("unknown.example.org", httpPort, "/").code()).isEqualTo(404);
        create(ns, "ingresses", ingress("fallback", "skiff", "svc-default", List.of(), List.of()));
        try {
            assertThat(awaitBackend("unknown.example.org", "/anything")).containsEntry("backend", "beta");
        } finally {
            http.delete("/apis/networking.k8s.io/v1/namespaces/fallback/ingresses/fallback");
            await().atMost(ROUTED)
                    .until(() -> Curl.http("unknown.example.org", httpPort, "/").code() == 404);
        }
    }

    @Test
    void noReadyEndpointIsA503AndAFailedConnectionA502() throws Exception {
        String ns = "unavailable";
        http.createNamespace(ns);
        create(ns, "services", service("svc-unready"));
        create(
                ns,
                "endpointslices",
                slice("svc-unready-1", "svc-unready", alpha.port(), List.of(new Endpoint(PodNetwork.POD_A, false))));
        int closedPort = podNetwork.closedPort(PodNetwork.POD_B);
        create(ns, "services", service("svc-refusing"));
        create(
                ns,
                "endpointslices",
                slice("svc-refusing-1", "svc-refusing", closedPort, List.of(new Endpoint(PodNetwork.POD_B, true))));
        create(
                ns,
                "ingresses",
                ingress(
                        "unavailable",
                        "skiff",
                        null,
                        List.of(),
                        List.of(
                                new Rule("unready.example.com", List.of(new Path("/", "Prefix", "svc-unready", false))),
                                new Rule("missing.example.com", List.of(new Path("/", "Prefix", "svc-missing", false))),
                                new Rule(
                                        "refusing.example.com",
                                        List.of(new Path("/", "Prefix", "svc-refusing", false))))));

        await().atMost(ROUTED)
                .until(() -> Curl.http("unready.example.com", httpPort, "/").code() == 503);
        assertThat(Curl.http("missing.example.com", httpPort, "/").code())
                .as("no such Service")
                .isEqualTo(503);
        assertThat(Curl.http("refusing.example.com", httpPort, "/").code()).isEqualTo(502);

        http.put(
                "/apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices/svc-unready-1",
                slice("svc-unready-1", "svc-unready", alpha.port(), List.of(new Endpoint(PodNetwork.POD_A, true))));
        assertThat(awaitBackend("unready.example.com", "/")).as("ready now").containsEntry("backend", "alpha");
    }

    @Test
    void forwardedHeadersDescribeTheClientsConnection() {
        String ns = "forwarded";
        serviceWithEndpoints(ns, "svc-alpha", alpha);
        create(
                ns,
                "ingresses",
                ingress(
                        "forwarded",
                        "skiff",
                        null,
                        List.of(),
                        List.of(new Rule(
                                "forwarded.example.com", List.of(new Path("/", "Prefix", "svc-alpha", false))))));
        awaitBackend("forwarded.example.com", "/");

        Map<String, String> answer = EchoBackend.parse(Curl.http(
                        "forwarded.example.com",
                        httpPort,
                        "/",
                        "-H",
                        "X-Forwarded-For: 6.6.6.6",
                        "-H",
                        "Connection: keep-alive, X-Secret",
                        "-H",
                        "X-Secret: hop")
                .body());
        assertThat(answer)
                .containsEntry("header:x-forwarded-for", "127.0.0.1")
                .containsEntry("header:x-real-ip", "127.0.0.1")
                .containsEntry("header:x-forwarded-proto", "http")
                .containsEntry("header:x-forwarded-host", "forwarded.example.com:" + httpPort)
                .containsEntry("header:x-forwarded-port", Integer.toString(httpPort))
                .doesNotContainKey("header:x-secret");
    }

    @Test
    void tlsIsTerminatedWithEachHostsCertificateChosenBySni() throws IOException {
        Assumptions.assumeTrue(
                TestCertificates.available(), "openssl is not installed: the TLS test makes its certificates with it");
        java.nio.file.Path directory = Files.createTempDirectory("ingress-tls");
        TestCertificates certificates = new TestCertificates(directory);
        String ns = "secure";
        serviceWithEndpoints(ns, "svc-alpha", alpha);
        serviceWithEndpoints(ns, "svc-beta", beta);
        create(ns, "secrets", ClusterObjects.tlsSecret("tls-one", certificates.issue("one.secure.example.com")));
        create(ns, "secrets", ClusterObjects.tlsSecret("tls-two", certificates.issue("two.secure.example.com")));
        create(
                ns,
                "ingresses",
                ingress(
                        "secure",
                        "skiff",
                        null,
                        List.of("tls-one=one.secure.example.com", "tls-two=two.secure.example.com"),
                        List.of(
                                new Rule(
                                        "one.secure.example.com", List.of(new Path("/", "Prefix", "svc-alpha", false))),
                                new Rule(
                                        "two.secure.example.com",
                                        List.of(new Path("/", "Prefix", "svc-beta", false))))));

        Curl.Response one = await().atMost(ROUTED)
                .until(
                        () -> Curl.https("one.secure.example.com", httpsPort, "/", certificates.caFile()),
                        response -> response.code() == 200);
        assertThat(EchoBackend.parse(one.body()))
                .containsEntry("backend", "alpha")
                .containsEntry("header:x-forwarded-proto", "https")
                .containsEntry("header:x-forwarded-port", Integer.toString(httpsPort));
        Curl.Response two = Curl.https("two.secure.example.com", httpsPort, "/", certificates.caFile());
        assertThat(two.code())
                .as("verified against two's own certificate: %s", two.body())
                .isEqualTo(200);
        assertThat(EchoBackend.parse(two.body())).containsEntry("backend", "beta");
    }

    @Test
    void aChangeAppliedDuringALongRequestDoesNotDropIt() throws IOException {
        String ns = "reload";
        serviceWithEndpoints(ns, "svc-alpha", alpha);
        serviceWithEndpoints(ns, "svc-beta", beta);
        create(
                ns,
                "ingresses",
                ingress(
                        "reload",
                        "skiff",
                        null,
                        List.of(),
                        List.of(new Rule("reload.example.com", List.of(new Path("/", "Prefix", "svc-alpha", false))))));
        awaitBackend("reload.example.com", "/");

        Process slow = Curl.start("reload.example.com", httpPort, "/slow");
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .alias("the slow request reached the backend through the old route")
                .until(() -> alpha.slowInFlight() == 1);
        long started = System.nanoTime();
        JsonNode current = http.get("/apis/networking.k8s.io/v1/namespaces/" + ns + "/ingresses/reload")
                .body();
        String updated = ingress(
                        "reload",
                        "skiff",
                        null,
                        List.of(),
                        List.of(new Rule("reload.example.com", List.of(new Path("/", "Prefix", "svc-beta", false)))))
                .replace(
                        "\"metadata\":{\"name\":\"reload\"}",
                        "\"metadata\":{\"name\":\"reload\",\"resourceVersion\":\""
                                + current.at("/metadata/resourceVersion").asText() + "\"}");
        assertThat(http.put("/apis/networking.k8s.io/v1/namespaces/" + ns + "/ingresses/reload", updated)
                        .code())
                .isEqualTo(200);
        await().atMost(ROUTED)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "beta".equals(backendOf("reload.example.com", "/")));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the new route was live while the slow request was still in flight")
                .isLessThan(EchoBackend.SLOW);

        Curl.Response answer = Curl.finish(slow);
        assertThat(answer.code()).isEqualTo(200);
        assertThat(EchoBackend.parse(answer.body()))
                .containsEntry("backend", "alpha")
                .containsEntry("path", "/slow");
    }

    @Test
    void servedIngressesShowThePublishedAddressAndLoseItWhenNoLongerServed() {
        String ns = "status";
        serviceWithEndpoints(ns, "svc-alpha", alpha);
        create(
                ns,
                "ingresses",
                ingress(
                        "classless",
                        null,
                        null,
                        List.of(),
                        List.of(new Rule(
                                "classless.example.com", List.of(new Path("/", "Prefix", "svc-alpha", false))))));
        assertThat(awaitBackend("classless.example.com", "/"))
                .as("served through the default class")
                .containsEntry("backend", "alpha");
        String path = "/apis/networking.k8s.io/v1/namespaces/" + ns + "/ingresses/classless";
        await().atMost(ROUTED).until(() -> PUBLISHED.equals(http.get(path).text("/status/loadBalancer/ingress/0/ip")));

        assertThat(http.patch(
                                path,
                                "{\"spec\":{\"ingressClassName\":\"someone-else\"}}",
                                "application/merge-patch+json")
                        .code())
                .isEqualTo(200);
        await().atMost(ROUTED)
                .until(() ->
                        http.get(path).body().at("/status/loadBalancer/ingress").size() == 0);
        assertThat(Curl.http("classless.example.com", httpPort, "/").code()).isEqualTo(404);
    }

    @Test
    void healthAndMetricsAreServed() throws Exception {
        int managementPort =
                ((WebServerApplicationContext) controller).getWebServer().getPort();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> health = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"ingress\"").contains("\"cachesSynced\":true");
        Curl.http("metrics.example.com", httpPort, "/");
        HttpResponse<String> metrics = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body())
                .contains("nginx_ingress_controller_requests_total{")
                .contains("status=\"404\"");
    }

    @Test
    void withListenInNodeNetworkTheListenersOpenInsideThePodNetwork() {
        String ns = "inside";
        serviceWithEndpoints(ns, "svc-alpha", alpha);
        create(
                ns,
                "ingresses",
                ingress(
                        "inside",
                        "skiff",
                        null,
                        List.of(),
                        List.of(new Rule("inside.example.com", List.of(new Path("/", "Prefix", "svc-alpha", false))))));
        awaitBackend("inside.example.com", "/");
        try (ConfigurableApplicationContext inside = ComponentApplication.builder(
                        IngressControllerApplication.class, "ingress-controller")
                .run(
                        "--skiff.apiserver.urls=" + apiServer.baseUrl(),
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--skiff.ingress.address=" + PodNetwork.POD_B,
                        "--skiff.ingress.http-port=0",
                        "--skiff.ingress.https-port=0",
                        "--skiff.ingress.node-network-namespace=" + podNetwork.path(),
                        "--skiff.ingress.listen-in-node-network=true",
                        "--skiff.ingress.ensure-default-class=false",
                        "--skiff.ingress.publish-addresses=" + PUBLISHED)) {
            int port = inside.getBean(IngressServing.class)
                    .httpAddress()
                    .orElseThrow()
                    .getPort();
            Curl.Response answer = await().atMost(ROUTED)
                    .until(
                            () -> Curl.httpInside(podNetwork.name(), "inside.example.com", PodNetwork.POD_B, port, "/"),
                            response -> response.code() == 200);
            assertThat(EchoBackend.parse(answer.body()))
                    .as("the pod address %s exists only inside the namespace", PodNetwork.POD_B)
                    .containsEntry("backend", "alpha")
                    .containsEntry("header:x-forwarded-for", PodNetwork.POD_B);
        }
    }

    private static void serviceWithEndpoints(String ns, String name, EchoBackend backend) {
        if (http.get("/api/v1/namespaces/" + ns).code() == 404) {
            http.createNamespace(ns);
        }
        create(ns, "services", service(name));
        create(
                ns,
                "endpointslices",
                slice(name + "-1", name, backend.port(), List.of(new Endpoint(backend.address(), true))));
    }

    private static void create(String ns, String resource, String json) {
        String group = switch (resource) {
            case "ingresses" -> "/apis/networking.k8s.io/v1";
            case "endpointslices" -> "/apis/discovery.k8s.io/v1";
            default -> "/api/v1";
        };
        KubeHttp.Reply reply = http.post(group + "/namespaces/" + ns + "/" + resource, json);
        assertThat(reply.code())
                .as("create %s in %s: %s", resource, ns, reply.body())
                .isEqualTo(201);
    }

    private static Map<String, String> awaitBackend(String host, String path) {
        Curl.Response response = await().atMost(ROUTED)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Curl.http(host, httpPort, path), reply -> reply.code() == 200);
        return EchoBackend.parse(response.body());
    }

    private static String backendOf(String host, String path) {
        Curl.Response response = Curl.http(host, httpPort, path);
        assertThat(response.code()).as("%s%s: %s", host, path, response.body()).isEqualTo(200);
        return EchoBackend.parse(response.body()).get("backend");
    }
}
