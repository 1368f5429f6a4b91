package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pods/log proxied to a node's kubelet. The kubelet is a stand-in HTTP server on 127.0.0.1 that
 * records the requests it gets and answers as a kubelet does; the Node points at it through
 * status.addresses and status.daemonEndpoints.
 */
class LogEndpointOnLoopbackIntegrationTest {

    private static final String PODS = "/api/v1/namespaces/logs/pods";

    private static ApiServerInstance server;
    private static KubeHttp http;
    private static HttpServer kubelet;
    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private static final CountDownLatch releaseFollow = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        kubelet = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kubelet.createContext("/containerLogs/", exchange -> {
            URI uri = exchange.getRequestURI();
            requests.add(uri.getRawPath() + "?" + uri.getRawQuery());
            String path = uri.getPath();
            try (OutputStream out = exchange.getResponseBody()) {
                if (path.endsWith("/missing")) {
                    byte[] body = "pod \"gone\" does not exist".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(404, body.length);
                    out.write(body);
                } else if (path.endsWith("/b")) {
                    byte[] body = "previous terminated container \"b\" in pod \"web\" not found"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(400, body.length);
                    out.write(body);
                } else if (uri.getQuery() != null && uri.getQuery().contains("follow=true")) {
                    exchange.sendResponseHeaders(200, 0);
                    out.write("first\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    try {
                        releaseFollow.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.write("second\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    byte[] body = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            }
        });
        kubelet.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        kubelet.start();

        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        http.createNamespace("logs");
        node("node-a", kubelet.getAddress().getPort());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        node("node-closed", closedPort);
        pod("web", "node-a", "[{\"name\":\"a\",\"image\":\"busybox\"},{\"name\":\"b\",\"image\":\"busybox\"}]");
        pod("single", "node-a", "[{\"name\":\"missing\",\"image\":\"busybox\"}]");
        pod("unreachable", "node-closed", "[{\"name\":\"a\",\"image\":\"busybox\"}]");
        pod("orphan", "node-none", "[{\"name\":\"a\",\"image\":\"busybox\"}]");
    }

    @AfterAll
    static void stop() {
        releaseFollow.countDown();
        if (server != null) {
            server.close();
        }
        kubelet.stop(0);
    }

    @Test
    void theKubeletsAnswerIsStreamedWithTheSameOptions() {
        KubeHttp.Reply reply = raw(PODS + "/web/log?container=a&tailLines=2&timestamps=true&sinceSeconds=30");
        assertThat(reply.code()).isEqualTo(200);
        assertThat(lastText).isEqualTo("line one\nline two\n");
        assertThat(requests).contains("/containerLogs/logs/web/a?timestamps=true&sinceSeconds=30&tailLines=2");
    }

    @Test
    void containerChoiceIsCheckedAgainstThePod() {
        KubeHttp.Reply none = http.get(PODS + "/web/log");
        assertThat(none.code()).isEqualTo(400);
        assertThat(none.text("/message"))
                .isEqualTo("a container name must be specified for pod web, choose one of: [a b]"
                        + " or one of the init containers: [setup]");
        KubeHttp.Reply unknown = http.get(PODS + "/web/log?container=c");
        assertThat(unknown.code()).isEqualTo(400);
        assertThat(unknown.text("/message")).isEqualTo("container c is not valid for pod web");
    }

    @Test
    void optionsAreValidatedAsPodLogOptions() {
        KubeHttp.Reply reply = http.get(PODS + "/web/log?container=a&tailLines=-1&limitBytes=0");
        assertThat(reply.code()).isEqualTo(422);
        assertThat(reply.text("/reason")).isEqualTo("Invalid");
        assertThat(reply.text("/details/kind")).isEqualTo("PodLogOptions");
        assertThat(reply.text("/message"))
                .isEqualTo(
                        "PodLogOptions \"web\" is invalid: [tailLines: Invalid value: -1: must be greater than or equal"
                                + " to 0, limitBytes: Invalid value: 0: must be greater than 0]");
        KubeHttp.Reply both = http.get(PODS + "/web/log?container=a&sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z");
        assertThat(both.code()).isEqualTo(422);
        assertThat(both.text("/details/causes/0/reason")).isEqualTo("FieldValueForbidden");
    }

    @Test
    void kubeletRefusalsBecomeStatuses() {
        KubeHttp.Reply notFound = http.get(PODS + "/single/log");
        assertThat(notFound.code()).isEqualTo(404);
        assertThat(notFound.text("/message")).isEqualTo("pod \"gone\" does not exist");
        KubeHttp.Reply badRequest = http.get(PODS + "/web/log?container=b&previous=true");
        assertThat(badRequest.code()).isEqualTo(400);
        assertThat(badRequest.text("/message"))
                .isEqualTo("previous terminated container \"b\" in pod \"web\" not found");
        assertThat(requests).contains("/containerLogs/logs/web/b?previous=true");
    }

    @Test
    void anUnreachableKubeletOrAMissingNodeIsAnError() {
        KubeHttp.Reply refused = http.get(PODS + "/unreachable/log");
        assertThat(refused.code()).isEqualTo(500);
        assertThat(refused.text("/message"))
                .startsWith("Get \"http://127.0.0.1:")
                .endsWith(": connect: connection refused");
        KubeHttp.Reply orphan = http.get(PODS + "/orphan/log");
        assertThat(orphan.code()).isEqualTo(404);
        assertThat(orphan.text("/message")).isEqualTo("nodes \"node-none\" not found");
    }

    @Test
    void followStreamsWhatTheKubeletSendsAsItComes() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + PODS + "/web/log?container=a&follow=true"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // The second line is held back by the kubelet until the first one arrived here.
            assertThat(lines.readLine()).isEqualTo("first");
            releaseFollow.countDown();
            assertThat(lines.readLine()).isEqualTo("second");
            assertThat(lines.readLine()).isNull();
        }
    }

    private static String lastText;

    private static KubeHttp.Reply raw(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            lastText = response.body();
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            return new KubeHttp.Reply(response.statusCode(), null);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void node(String name, int port) {
        assertThat(http.post(
                                "/api/v1/nodes",
                                "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\"}}")
                        .code())
                .isEqualTo(201);
        KubeHttp.Reply node = http.get("/api/v1/nodes/" + name);
        String withStatus = node.body()
                .toString()
                .replaceFirst(
                        "}$",
                        ",\"status\":{\"addresses\":[{\"type\":\"Hostname\",\"address\":\"" + name
                                + "\"},{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],"
                                + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + port + "}}}}");
        KubeHttp.Reply updated = http.put("/api/v1/nodes/" + name + "/status", withStatus);
        assertThat(updated.code()).as(updated.body().toString()).isEqualTo(200);
    }

    private static void pod(String name, String node, String containers) {
        KubeHttp.Reply created = http.post(
                PODS,
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                        + "\"},\"spec\":{\"nodeName\":\"" + node + "\",\"initContainers\":"
                        + ("web".equals(name) ? "[{\"name\":\"setup\",\"image\":\"busybox\"}]" : "[]")
                        + ",\"containers\":" + containers + "}}");
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
    }
}
