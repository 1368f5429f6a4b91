package io.skiff.dns.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.boot.ComponentApplication;
import io.skiff.dns.DnsApplication;
import io.skiff.dns.app.DnsServing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The DNS server against a real API server on PostgreSQL, asked by dig (Debian's dnsutils) over
 * loopback. Services and EndpointSlices are written straight to the API server (no controller
 * manager runs); their addresses are data only, never contacted. A second responder on 127.0.0.1
 * stands in for the upstream DNS.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DnsIntegrationTest {

    private static final int MANY_ENDPOINTS = 100;

    private static ApiServerInstance apiServer;
    private static KubeHttp http;
    private static StaticResponder upstream;
    private static ConfigurableApplicationContext dns;
    private static Dig dig;
    private static int dnsPort;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(
                Dig.available(),
                "dig is not installed (apt-get install dnsutils): the DNS integration tests use it as the client");
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        upstream = new StaticResponder();
        dns = ComponentApplication.builder(DnsApplication.class, "dns")
                .run(
                        "--skiff.apiserver.urls=" + apiServer.baseUrl(),
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--skiff.dns.address=127.0.0.1",
                        "--skiff.dns.port=0",
                        "--skiff.dns.upstream-servers=127.0.0.1:" + upstream.port(),
                        "--skiff.dns.publish-interval=2s");
        dnsPort = dns.getBean(DnsServing.class).port().orElseThrow();
        dig = new Dig(dnsPort);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (dns != null) {
            dns.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void theKubeDnsServiceAndItsEndpointSlicePointAtThisServer() {
        JsonNode service = await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/v1/namespaces/kube-system/services/kube-dns"), reply -> reply.code() == 200)
                .body();
        assertThat(service.at("/spec/clusterIP").asText()).isEqualTo("10.96.0.10");
        assertThat(service.at("/metadata/labels/k8s-app").asText()).isEqualTo("kube-dns");
        assertThat(service.at("/spec/selector").isMissingNode()
                        || service.at("/spec/selector").isEmpty())
                .isTrue();
        assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("dns");
        assertThat(service.at("/spec/ports/0/protocol").asText()).isEqualTo("UDP");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(53);
        assertThat(service.at("/spec/ports/0/targetPort").asInt()).isEqualTo(dnsPort);
        assertThat(service.at("/spec/ports/1/name").asText()).isEqualTo("dns-tcp");
        assertThat(service.at("/spec/ports/1/protocol").asText()).isEqualTo("TCP");

        JsonNode slice = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> http.get(
                                "/apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices/kube-dns-skiff"),
                        reply -> reply.code() == 200)
                .body();
        assertThat(slice.at("/metadata/labels/kubernetes.io~1service-name").asText())
                .isEqualTo("kube-dns");
        assertThat(slice.at("/metadata/labels/endpointslice.kubernetes.io~1managed-by")
                        .asText())
                .isEqualTo("dns.skiff.io");
        assertThat(slice.at("/endpoints").size())
                .as("served on loopback only, which an EndpointSlice may not name: no endpoint")
                .isZero();
        assertThat(slice.at("/ports/0/name").asText()).isEqualTo("dns");
        assertThat(slice.at("/ports/0/port").asInt()).isEqualTo(dnsPort);
        assertThat(slice.at("/metadata/ownerReferences/0/uid").asText())
                .isEqualTo(service.at("/metadata/uid").asText());

        await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> dig.query("kube-dns.kube-system.svc.cluster.local", "A")
                                .data(),
                        data -> data.equals(List.of("10.96.0.10")));
    }

    @Test
    void aClusterIpServiceHasAddressSrvAndPtrRecordsAndNoAaaa() {
        http.createNamespace("records");
        create("/api/v1/namespaces/records/services", service("web", "10.96.1.20", "\"type\":\"ClusterIP\"", true));

        Dig.Answer a = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> dig.query("web.records.svc.cluster.local", "A"),
                        answer -> !answer.answer().isEmpty());
        assertThat(a.status()).isEqualTo("NOERROR");
        assertThat(a.hasFlag("aa")).isTrue();
        assertThat(a.data()).containsExactly("10.96.1.20");
        assertThat(a.answer().get(0).split("\\s+"))
                .as("name, TTL 30, class, type")
                .startsWith("web.records.svc.cluster.local.", "30", "in", "a");

        Dig.Answer aaaa = dig.query("web.records.svc.cluster.local", "AAAA");
        assertThat(aaaa.status()).as("NODATA").isEqualTo("NOERROR");
        assertThat(aaaa.answer()).isEmpty();
        assertThat(aaaa.authority()).singleElement().asString().contains("\tsoa\tns.dns.cluster.local.");

        Dig.Answer srv = dig.query("_http._tcp.web.records.svc.cluster.local", "SRV");
        assertThat(srv.data()).containsExactly("0 100 80 web.records.svc.cluster.local.");

        Dig.Answer ptr = dig.query("-x", "10.96.1.20");
        assertThat(ptr.data()).containsExactly("web.records.svc.cluster.local.");

        Dig.Answer missing = dig.query("nothing.records.svc.cluster.local", "A");
        assertThat(missing.status()).isEqualTo("NXDOMAIN");
        assertThat(missing.authority()).singleElement().asString().contains("\tsoa\t");

        Dig.Answer namespace = dig.query("records.svc.cluster.local", "A");
        assertThat(namespace.status()).isEqualTo("NOERROR");
        assertThat(namespace.answer()).isEmpty();

        Dig.Answer soa = dig.query("cluster.local", "SOA");
        assertThat(soa.data()).singleElement().asString().startsWith("ns.dns.cluster.local. hostmaster.cluster.local.");
        assertThat(dig.query("cluster.local", "NS").data()).containsExactly("ns.dns.cluster.local.");
    }

    @Test
    void aHeadlessServiceResolvesToItsReadyEndpointsByServiceAndHostname() {
        http.createNamespace("stateful");
        create("/api/v1/namespaces/stateful/services", service("nginx", "None", "\"type\":\"ClusterIP\"", true));
        create(
                "/apis/discovery.k8s.io/v1/namespaces/stateful/endpointslices",
                slice(
                        "nginx-1",
                        "nginx",
                        List.of(
                                endpoint("10.244.1.10", "web-0", true),
                                endpoint("10.244.1.11", "web-1", true),
                                endpoint("10.244.1.12", "web-2", false))));

        Dig.Answer a = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> dig.query("nginx.stateful.svc.cluster.local", "A"),
                        answer -> answer.answer().size() == 2);
        assertThat(a.data()).containsExactlyInAnyOrder("10.244.1.10", "10.244.1.11");
        assertThat(dig.query("web-0.nginx.stateful.svc.cluster.local", "A").data())
                .containsExactly("10.244.1.10");
        assertThat(dig.query("web-2.nginx.stateful.svc.cluster.local", "A").status())
                .as("not ready")
                .isEqualTo("NXDOMAIN");
        assertThat(dig.query("_http._tcp.nginx.stateful.svc.cluster.local", "SRV")
                        .data())
                .containsExactlyInAnyOrder(
                        "0 50 8080 web-0.nginx.stateful.svc.cluster.local.",
                        "0 50 8080 web-1.nginx.stateful.svc.cluster.local.");
        assertThat(dig.query("-x", "10.244.1.11").data()).containsExactly("web-1.nginx.stateful.svc.cluster.local.");
    }

    @Test
    void externalNameIsACnameAndPodNamesResolveToTheirAddress() {
        http.createNamespace("names");
        create(
                "/api/v1/namespaces/names/services",
                "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"search\"},"
                        + "\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"search.example.com\"}}");
        Dig.Answer cname = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> dig.query("search.names.svc.cluster.local", "CNAME"),
                        answer -> !answer.answer().isEmpty());
        assertThat(cname.data()).containsExactly("search.example.com.");

        Dig.Answer pod = dig.query("10-244-3-7.names.pod.cluster.local", "A");
        assertThat(pod.status()).isEqualTo("NOERROR");
        assertThat(pod.data()).containsExactly("10.244.3.7");
        assertThat(dig.query("not-an-ip.names.pod.cluster.local", "A").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void aLargeAnswerIsTruncatedOverUdpAndServedWholeOverTcp() {
        http.createNamespace("large");
        create("/api/v1/namespaces/large/services", service("many", "None", "\"type\":\"ClusterIP\"", false));
        List<String> endpoints = new ArrayList<>();
        for (int i = 1; i <= MANY_ENDPOINTS; i++) {
            endpoints.add(endpoint("10.244.4." + i, null, true));
        }
        create("/apis/discovery.k8s.io/v1/namespaces/large/endpointslices", slice("many-1", "many", endpoints));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> dig.query("+tcp", "many.large.svc.cluster.local", "A")
                                .answer()
                                .size()
                        == MANY_ENDPOINTS);
        Dig.Answer udp = dig.query("+ignore", "many.large.svc.cluster.local", "A");
        assertThat(udp.hasFlag("tc")).as(udp.text()).isTrue();
        assertThat(udp.answer()).isEmpty();
        Dig.Answer plain = dig.query("+ignore", "+noedns", "many.large.svc.cluster.local", "A");
        assertThat(plain.hasFlag("tc")).isTrue();

        Dig.Answer retried = dig.query("many.large.svc.cluster.local", "A");
        assertThat(retried.text()).contains("Truncated, retrying in TCP mode");
        assertThat(retried.answer()).hasSize(MANY_ENDPOINTS);
        assertThat(retried.hasFlag("tc")).isFalse();
    }

    @Test
    void changesAreAnsweredWithinASecond() {
        http.createNamespace("changes");
        create("/api/v1/namespaces/changes/services", service("quick", "10.96.2.30", "\"type\":\"ClusterIP\"", true));
        long created = System.nanoTime();
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> dig.query("quick.changes.svc.cluster.local", "A").data(),
                        data -> data.equals(List.of("10.96.2.30")));
        long seenMillis = (System.nanoTime() - created) / 1_000_000;
        assertThat(seenMillis).isLessThanOrEqualTo(1000);

        assertThat(http.delete("/api/v1/namespaces/changes/services/quick").code())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> dig.query("quick.changes.svc.cluster.local", "A").status(), "NXDOMAIN"::equals);
    }

    @Test
    void namesOutsideTheClusterDomainGoToTheUpstreamServer() {
        int before = upstream.answered();
        Dig.Answer answer = dig.query("www.example.test", "A");
        assertThat(answer.status()).isEqualTo("NOERROR");
        assertThat(answer.hasFlag("aa")).isFalse();
        assertThat(answer.data()).containsExactly(StaticResponder.ADDRESS);
        assertThat(upstream.answered()).isGreaterThan(before);
    }

    @Test
    void healthAndCoreDnsMetricsAreServed() throws Exception {
        dig.query("kube-dns.kube-system.svc.cluster.local", "A");
        dig.query("nothing.kube-system.svc.cluster.local", "A");
        int port = ((WebServerApplicationContext) dns).getWebServer().getPort();
        HttpClient client = HttpClient.newHttpClient();
        String metrics = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains("coredns_dns_requests_total{")
                .contains("proto=\"udp\"")
                .contains("rcode=\"NXDOMAIN\"")
                .contains("coredns_dns_request_duration_seconds_bucket{")
                .contains("skiff_dns_cache_objects{resource=\"services\"");
        HttpResponse<String> health = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"dns\"").contains("\"UP\"");
    }

    private static void create(String path, String json) {
        KubeHttp.Reply reply = http.post(path, json);
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
    }

    private static String service(String name, String clusterIp, String type, boolean namedPort) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{" + type + ",\"clusterIP\":\"" + clusterIp + "\",\"selector\":{\"app\":\"" + name
                + "\"},\"ports\":[{" + (namedPort ? "\"name\":\"http\"," : "")
                + "\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}]}}";
    }

    private static String endpoint(String ip, String hostname, boolean ready) {
        return "{\"addresses\":[\"" + ip + "\"]," + (hostname == null ? "" : "\"hostname\":\"" + hostname + "\",")
                + "\"conditions\":{\"ready\":" + ready + "}}";
    }

    private static String slice(String name, String service, List<String> endpoints) {
        return "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\",\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"kubernetes.io/service-name\":\"" + service
                + "\",\"endpointslice.kubernetes.io/managed-by\":\"test.skiff.io\"}},\"addressType\":\"IPv4\","
                + "\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":8080}],\"endpoints\":["
                + String.join(",", endpoints) + "]}";
    }
}
