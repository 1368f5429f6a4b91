package io.skiff.proxy.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health check node port server on loopback: kube-proxy's answers, opened and closed by syncs. */
class ServiceHealthServerTest {

    private final AtomicBoolean proxyHealthy = new AtomicBoolean(true);
    private final ServiceHealthServer server = new ServiceHealthServer("node1", null, proxyHealthy::get, "127.0.0.1");

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void aNodeWithoutLocalEndpointsAnswers503() throws Exception {
        int port = freePort();
        server.syncServices(Map.of("ns1/web", port));
        server.syncEndpoints(Map.of());

        HttpResponse<String> response = get(port, "/healthz");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("""
                {
                \t"service": {
                \t\t"namespace": "ns1",
                \t\t"name": "web"
                \t},
                \t"localEndpoints": 0,
                \t"serviceProxyHealthy": true
                }""");
        assertThat(response.headers().firstValue("X-Load-Balancing-Endpoint-Weight"))
                .hasValue("0");
    }

    @Test
    void aNodeWithLocalEndpointsAnswers200OnAnyPath() throws Exception {
        int port = freePort();
        server.syncServices(Map.of("ns1/web", port));
        server.syncEndpoints(Map.of("ns1/web", 2, "ns1/other", 5));

        HttpResponse<String> response = get(port, "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Load-Balancing-Endpoint-Weight"))
                .hasValue("2");
        assertThat(response.body()).contains("\t\"localEndpoints\": 2,\n").contains("\"serviceProxyHealthy\": true");
    }

    @Test
    void anUnhealthyProxyFailsTheCheckEvenWithLocalEndpoints() throws Exception {
        int port = freePort();
        server.syncServices(Map.of("ns1/web", port));
        server.syncEndpoints(Map.of("ns1/web", 1));
        proxyHealthy.set(false);

        HttpResponse<String> response = get(port, "/healthz");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"serviceProxyHealthy\": false");
    }

    @Test
    void aServiceThatGoesAwayOrMovesClosesItsListener() throws Exception {
        int first = freePort();
        server.syncServices(Map.of("ns1/web", first));
        assertThat(get(first, "/").statusCode()).isEqualTo(503);

        int second = freePort();
        server.syncServices(Map.of("ns1/web", second));
        assertThat(server.servedPorts()).isEqualTo(Map.of("ns1/web", second));
        assertThat(get(second, "/").statusCode()).isEqualTo(503);
        assertThatThrownBy(() -> get(first, "/")).isInstanceOf(IOException.class);

        server.syncServices(Map.of());
        assertThat(server.servedPorts()).isEmpty();
        assertThatThrownBy(() -> get(second, "/")).isInstanceOf(IOException.class);
    }

    @Test
    void aPortThatCannotOpenIsRetriedOnTheNextSync() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = taken.getLocalPort();
            server.syncServices(Map.of("ns1/web", port));
            assertThat(server.servedPorts()).isEmpty();
        }
        server.syncServices(Map.of("ns1/web", port));
        assertThat(server.servedPorts()).isEqualTo(Map.of("ns1/web", port));
    }

    /** One request on a new connection (a pooled one would outlive a closed listener). */
    private static HttpResponse<String> get(int port, String path) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
