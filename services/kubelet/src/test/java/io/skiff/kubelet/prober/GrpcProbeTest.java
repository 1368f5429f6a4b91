package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * gRPC probes against minimal health servers on 127.0.0.1 (HTTP/2 without TLS): one that knows a
 * few services, one that does not implement the health service at all.
 */
class GrpcProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static DisposableServer health;
    private static DisposableServer noHealth;
    private static final List<String> userAgents = new CopyOnWriteArrayList<>();

    private final GrpcProbe probe = new GrpcProbe();

    @BeforeAll
    static void startServers() {
        health = h2c().handle(GrpcProbeTest::check).bindNow();
        noHealth = h2c().handle(
                        (request, response) -> trailersOnly(response, 12, "unknown service grpc.health.v1.Health"))
                .bindNow();
    }

    @AfterAll
    static void stopServers() {
        health.disposeNow();
        noHealth.disposeNow();
    }

    record Case(String name, String service, ActionResult expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> answers() {
        return Stream.of(
                new Case("the server SERVING is healthy", "", ActionResult.success("service healthy")),
                new Case("a named service SERVING is healthy", "api", ActionResult.success("service healthy")),
                new Case(
                        "NOT_SERVING is unhealthy",
                        "batch",
                        ActionResult.failure("service unhealthy (responded with \"NOT_SERVING\")")),
                new Case(
                        "SERVICE_UNKNOWN is unhealthy",
                        "gone",
                        ActionResult.failure("service unhealthy (responded with \"SERVICE_UNKNOWN\")")),
                new Case(
                        "a service the server does not know is an rpc error",
                        "nope",
                        ActionResult.failure(
                                "error: health rpc probe failed: rpc error: code = NotFound desc = unknown service")),
                new Case(
                        "an answer after the timeout",
                        "slow",
                        ActionResult.failure("timeout: health rpc did not complete within 1s")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void judgesTheHealthAnswer(Case test) {
        ActionResult result = probe.run("127.0.0.1", health.port(), test.service(), TIMEOUT);

        assertThat(result).isEqualTo(test.expected());
        assertThat(userAgents).contains("HTTP/2.0 kube-probe/1.32");
    }

    @Test
    void aServerWithoutTheHealthServiceFails() {
        ActionResult result = probe.run("127.0.0.1", noHealth.port(), "", TIMEOUT);

        assertThat(result)
                .isEqualTo(ActionResult.failure("error: this server does not implement the grpc health protocol "
                        + "(grpc.health.v1.Health): unknown service grpc.health.v1.Health"));
    }

    @Test
    void aServerThatCannotBeReachedFailsAtTheTimeout() throws Exception {
        int closed;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = listener.getLocalPort();
        }
        long start = System.nanoTime();

        ActionResult result = probe.run("127.0.0.1", closed, "", TIMEOUT);

        assertThat(result)
                .isEqualTo(ActionResult.failure("timeout: failed to connect service \"127.0.0.1:" + closed
                        + "\" within 1s: context deadline exceeded"));
        // grpc-go, dialing with WithBlock, keeps trying until the deadline
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aServerThatDoesNotSpeakHttp2IsNotConnected() throws Exception {
        com.sun.net.httpserver.HttpServer http1 =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        http1.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        http1.start();
        try {
            int port = http1.getAddress().getPort();

            ActionResult result = probe.run("127.0.0.1", port, "", TIMEOUT);

            assertThat(result)
                    .isEqualTo(ActionResult.failure("timeout: failed to connect service \"127.0.0.1:" + port
                            + "\" within 1s: context deadline exceeded"));
        } finally {
            http1.stop(0);
        }
    }

    private static HttpServer h2c() {
        return HttpServer.create().host("127.0.0.1").port(0).protocol(HttpProtocol.H2C);
    }

    private static Mono<Void> check(HttpServerRequest request, HttpServerResponse response) {
        userAgents.add(request.protocol() + " " + request.requestHeaders().get("user-agent"));
        return request.receive()
                .aggregate()
                .asByteArray()
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    String service = service(body);
                    return switch (service) {
                        case "", "api" -> answer(response, 1);
                        case "batch" -> answer(response, 2);
                        case "gone" -> answer(response, 3);
                        case "slow" -> Mono.delay(Duration.ofSeconds(3)).then(answer(response, 1));
                        default -> trailersOnly(response, 5, "unknown service");
                    };
                });
    }

    private static Mono<Void> answer(HttpServerResponse response, int status) {
        return response.header("content-type", "application/grpc")
                .header("trailer", "grpc-status")
                .trailerHeaders(trailers -> trailers.set("grpc-status", "0"))
                .sendByteArray(Mono.just(HealthProtocol.response(status)))
                .then();
    }

    private static Mono<Void> trailersOnly(HttpServerResponse response, int code, String message) {
        return response.header("content-type", "application/grpc")
                .header("grpc-status", Integer.toString(code))
                .header("grpc-message", message.replace(" ", "%20"))
                .send();
    }

    /** The service named in a framed HealthCheckRequest. */
    private static String service(byte[] frame) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        in.position(5);
        if (!in.hasRemaining()) {
            return "";
        }
        in.get(); // field 1, length-delimited
        byte[] name = new byte[in.get()];
        in.get(name);
        return new String(name, StandardCharsets.UTF_8);
    }
}
