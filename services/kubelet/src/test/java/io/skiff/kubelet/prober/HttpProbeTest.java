package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HTTP probes against a real server on 127.0.0.1. */
class HttpProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Container CONTAINER = new ContainerBuilder()
            .withName("web")
            .addNewPort()
            .withName("http")
            .withContainerPort(8080)
            .endPort()
            .build();

    private static HttpServer server;
    private static ExecutorService handlers;
    private static int port;
    private static final List<String> paths = new CopyOnWriteArrayList<>();
    private static final Map<String, List<String>> lastHeaders = new ConcurrentHashMap<>();

    private final HttpProbe probe = new HttpProbe();

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        port = server.getAddress().getPort();
        server.createContext("/", HttpProbeTest::handle);
        // a slow answer must not hold up the next test's requests
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    @BeforeEach
    void forgetRequests() {
        paths.clear();
        lastHeaders.clear();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().toString();
        paths.add(path);
        exchange.getRequestHeaders().forEach((name, values) -> lastHeaders.put(name.toLowerCase(), values));
        switch (exchange.getRequestURI().getPath()) {
            case "/ok", "/" -> respond(exchange, 200, "ok");
            case "/created" -> respond(exchange, 201, "");
            case "/fail" -> respond(exchange, 500, "internal detail");
            case "/unavailable" -> respond(exchange, 503, "later");
            case "/not-found" -> respond(exchange, 404, "");
            case "/redirect-here" -> redirect(exchange, 302, "/ok", "");
            case "/redirect-to-fail" -> redirect(exchange, 307, "/fail", "");
            case "/redirect-absolute-here" -> redirect(exchange, 301, "http://127.0.0.1:" + port + "/ok", "");
            case "/redirect-away" -> redirect(exchange, 302, "http://localhost:" + port + "/ok", "<a>Found</a>.");
            case "/redirect-nowhere" -> respond(exchange, 302, "moved");
            case "/loop" -> redirect(exchange, 302, "/loop", "");
            case "/big" -> respond(exchange, 200, "x".repeat(100 * 1024));
            case "/slow" -> {
                sleep(Duration.ofSeconds(3));
                respond(exchange, 200, "late");
            }
            default -> respond(exchange, 404, "");
        }
    }

    record Case(String name, String path, ActionResult.Outcome outcome, String output, List<String> requested) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> responses() {
        return Stream.of(
                new Case("200 is success with the body", "/ok", ActionResult.Outcome.SUCCESS, "ok", List.of("/ok")),
                new Case("201 is success", "/created", ActionResult.Outcome.SUCCESS, "", List.of("/created")),
                new Case(
                        "500 fails without the body",
                        "/fail",
                        ActionResult.Outcome.FAILURE,
                        "HTTP probe failed with statuscode: 500",
                        List.of("/fail")),
                new Case(
                        "503 fails",
                        "/unavailable",
                        ActionResult.Outcome.FAILURE,
                        "HTTP probe failed with statuscode: 503",
                        List.of("/unavailable")),
                new Case(
                        "404 fails",
                        "/not-found",
                        ActionResult.Outcome.FAILURE,
                        "HTTP probe failed with statuscode: 404",
                        List.of("/not-found")),
                new Case(
                        "a relative redirect on the same host is followed",
                        "/redirect-here",
                        ActionResult.Outcome.SUCCESS,
                        "ok",
                        List.of("/redirect-here", "/ok")),
                new Case(
                        "a redirect is judged by where it leads",
                        "/redirect-to-fail",
                        ActionResult.Outcome.FAILURE,
                        "HTTP probe failed with statuscode: 500",
                        List.of("/redirect-to-fail", "/fail")),
                new Case(
                        "an absolute redirect to the same host is followed",
                        "/redirect-absolute-here",
                        ActionResult.Outcome.SUCCESS,
                        "ok",
                        List.of("/redirect-absolute-here", "/ok")),
                new Case(
                        "a redirect to another host is not followed: success with a warning",
                        "/redirect-away",
                        ActionResult.Outcome.WARNING,
                        "Probe terminated redirects, Response body: <a>Found</a>.",
                        List.of("/redirect-away")),
                new Case(
                        "a redirect without Location is a success with a warning",
                        "/redirect-nowhere",
                        ActionResult.Outcome.WARNING,
                        "Probe terminated redirects, Response body: moved",
                        List.of("/redirect-nowhere")),
                new Case(
                        "a path without a slash and with a query",
                        "ok?verbose=1",
                        ActionResult.Outcome.SUCCESS,
                        "ok",
                        List.of("/ok?verbose=1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void judgesTheResponse(Case test) throws Exception {
        ActionResult result = probe.run(request(get(test.path())), TIMEOUT);

        assertThat(result).isEqualTo(new ActionResult(test.outcome(), test.output()));
        assertThat(paths).isEqualTo(test.requested());
    }

    @Test
    void redirectsStopAfterTenNamingTheLocation() throws Exception {
        ActionResult result = probe.run(request(get("/loop")), TIMEOUT);

        assertThat(result).isEqualTo(ActionResult.failure("Get \"/loop\": stopped after 10 redirects"));
        assertThat(paths).hasSize(10);
    }

    @Test
    void readsAtMostTenKibibytesOfABody() throws Exception {
        ActionResult result = probe.run(request(get("/big")), TIMEOUT);

        assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.SUCCESS);
        assertThat(result.output()).hasSize(HttpProbe.MAX_BODY_BYTES);
    }

    @Test
    void aServerAnsweringTooLateFailsWithGosTimeoutError() throws Exception {
        long start = System.nanoTime();
        ActionResult result = probe.run(request(get("/slow")), TIMEOUT);

        assertThat(result)
                .isEqualTo(ActionResult.failure("Get \"http://127.0.0.1:" + port
                        + "/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aClosedPortFailsWithGosDialError() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        HTTPGetAction action = new HTTPGetActionBuilder()
                .withPort(new IntOrString(closed))
                .withPath("/healthz")
                .build();

        ActionResult result = probe.run(HttpProbe.request(action, CONTAINER, "127.0.0.1"), TIMEOUT);

        assertThat(result)
                .isEqualTo(ActionResult.failure("Get \"http://127.0.0.1:" + closed + "/healthz\": dial tcp 127.0.0.1:"
                        + closed + ": connect: connection refused"));
    }

    @Test
    void sendsKubernetesHeadersAndTheActionsOwn() throws Exception {
        HTTPGetAction action = get("/ok");
        action.setHttpHeaders(List.of(
                new io.fabric8.kubernetes.api.model.HTTPHeader("x-custom-header", "one"),
                new io.fabric8.kubernetes.api.model.HTTPHeader("X-Custom-Header", "two"),
                new io.fabric8.kubernetes.api.model.HTTPHeader("Host", "web.example")));

        probe.run(request(action), TIMEOUT);

        assertThat(lastHeaders)
                .containsEntry("user-agent", List.of("kube-probe/1.32"))
                .containsEntry("accept", List.of("*/*"))
                .containsEntry("host", List.of("web.example"))
                .containsEntry("connection", List.of("close"))
                .containsEntry("x-custom-header", List.of("one", "two"))
                .doesNotContainKey("accept-encoding");
    }

    @Test
    void theActionsUserAgentAndAnEmptyAcceptReplaceKubernetesDefaults() throws Exception {
        HTTPGetAction action = get("/ok");
        action.setHttpHeaders(List.of(
                new io.fabric8.kubernetes.api.model.HTTPHeader("user-agent", "mine/1"),
                new io.fabric8.kubernetes.api.model.HTTPHeader("Accept", "")));

        probe.run(request(action), TIMEOUT);

        assertThat(lastHeaders).containsEntry("user-agent", List.of("mine/1")).doesNotContainKey("accept");
        assertThat(lastHeaders.get("host")).containsExactly("127.0.0.1:" + port);
    }

    @Test
    void aCustomHostSurvivesARelativeRedirect() throws Exception {
        HTTPGetAction action = get("/redirect-here");
        action.setHttpHeaders(List.of(new io.fabric8.kubernetes.api.model.HTTPHeader("Host", "web.example")));

        assertThat(probe.run(request(action), TIMEOUT).outcome()).isEqualTo(ActionResult.Outcome.SUCCESS);
        assertThat(lastHeaders)
                .containsEntry("host", List.of("web.example"))
                .containsEntry("referer", List.of("http://127.0.0.1:" + port + "/redirect-here"));
    }

    record RequestCase(String name, HTTPGetAction action, String url, String hostHeader) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RequestCase> requests() {
        return Stream.of(
                new RequestCase(
                        "the pod IP and a numbered port",
                        new HTTPGetActionBuilder()
                                .withPort(new IntOrString(80))
                                .withPath("/healthz")
                                .build(),
                        "http://10.244.0.5:80/healthz",
                        null),
                new RequestCase(
                        "a named port of the container",
                        new HTTPGetActionBuilder()
                                .withPort(new IntOrString("http"))
                                .withPath("/")
                                .withScheme("HTTPS")
                                .build(),
                        "https://10.244.0.5:8080/",
                        null),
                new RequestCase(
                        "the action's host and no path",
                        new HTTPGetActionBuilder()
                                .withHost("192.0.2.1")
                                .withPort(new IntOrString(8080))
                                .build(),
                        "http://192.0.2.1:8080",
                        null),
                new RequestCase(
                        "an IPv6 host",
                        new HTTPGetActionBuilder()
                                .withHost("fd00::1")
                                .withPort(new IntOrString(8080))
                                .withPath("/ready")
                                .build(),
                        "http://[fd00::1]:8080/ready",
                        null),
                new RequestCase(
                        "a Host header",
                        new HTTPGetActionBuilder()
                                .withPort(new IntOrString(80))
                                .addNewHttpHeader("host", "web.example")
                                .build(),
                        "http://10.244.0.5:80",
                        "web.example"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void buildsTheRequestAsKubernetes(RequestCase test) throws Exception {
        HttpProbe.Request request = HttpProbe.request(test.action(), CONTAINER, "10.244.0.5");

        assertThat(request.url()).hasToString(test.url());
        assertThat(request.hostHeader()).isEqualTo(test.hostHeader());
        assertThat(request.headers().contains("Host")).isFalse();
    }

    @Test
    void aPortTheContainerDoesNotNameCannotBeProbed() {
        HTTPGetAction unnamed =
                new HTTPGetActionBuilder().withPort(new IntOrString("metrics")).build();
        HTTPGetAction zero =
                new HTTPGetActionBuilder().withPort(new IntOrString(0)).build();

        assertThatThrownBy(() -> HttpProbe.request(unnamed, CONTAINER, "10.244.0.5"))
                .isInstanceOf(ProbeActionException.class)
                .hasMessage("port \"metrics\" not found");
        assertThatThrownBy(() -> HttpProbe.request(zero, CONTAINER, "10.244.0.5"))
                .isInstanceOf(ProbeActionException.class)
                .hasMessage("invalid port number: 0");
    }

    private static HTTPGetAction get(String path) {
        return new HTTPGetActionBuilder()
                .withPort(new IntOrString(port))
                .withPath(path)
                .build();
    }

    private static HttpProbe.Request request(HTTPGetAction action) throws ProbeActionException {
        return HttpProbe.request(action, CONTAINER, "127.0.0.1");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the prober stopped reading (10 KiB are enough)
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location, String body) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        respond(exchange, status, body);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
