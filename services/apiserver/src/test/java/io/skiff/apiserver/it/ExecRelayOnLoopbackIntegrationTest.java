package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * pods/exec relayed to a node's kubelet, driven by the real kubectl. The kubelet is a stand-in
 * WebSocket server on 127.0.0.1 speaking the remote command protocol: container "echo" copies its
 * stdin to stdout until the client closes stdin, "exit3" prints to both streams and exits with 3,
 * "vanish" drops the connection before any status.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecRelayOnLoopbackIntegrationTest {

    private static final String PODS = "/api/v1/namespaces/exec/pods";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static ApiServerInstance server;
    private static KubeHttp http;
    private static DisposableServer kubelet;
    private static Kubectl kubectl;
    private static final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kubelet = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.ws(
                        "/exec/{namespace}/{pod}/{container}",
                        ExecRelayOnLoopbackIntegrationTest::standInKubelet,
                        WebsocketServerSpec.builder()
                                .protocols("v5.channel.k8s.io,v4.channel.k8s.io")
                                .build()))
                .bindNow();
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        http.createNamespace("exec");
        node("node-a", kubelet.port());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        node("node-closed", closedPort);
        pod("web", "node-a", "echo", "exit3", "vanish");
        pod("unreachable", "node-closed", "main");
        pod("unscheduled", null, "main");
        kubectl = Kubectl.against(server.baseUrl(), Files.createDirectories(work.resolve("kubectl")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (kubelet != null) {
            kubelet.disposeNow();
        }
    }

    @Test
    void outputAndTheExitCodeComeBackAndTheKubeletGetsItsOwnParameters() {
        Kubectl.Result result = kubectl.run("exec", "-n", "exec", "web", "-c", "exit3", "--", "sh", "-c", "exit 3");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).contains("err\n").contains("command terminated with exit code 3");
        assertThat(requests)
                .contains("/exec/exec/web/exit3?output=1&error=1&command=sh&command=-c&command=exit%203"
                        + " protocol=v5.channel.k8s.io");
    }

    @Test
    void stdinGoesThroughUntilTheClientClosesIt() {
        Kubectl.Result result =
                kubectl.runWithInput("hello\nworld\n", "exec", "-i", "-n", "exec", "web", "-c", "echo", "--", "cat");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("hello\nworld\n");
    }

    @Test
    void aKubeletThatGoesWithoutAStatusFailsTheExec() {
        Kubectl.Result result = kubectl.run("exec", "-n", "exec", "web", "-c", "vanish", "--", "true");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout()).isEqualTo("partial\n");
        assertThat(result.stderr())
                .contains("Internal error occurred: the kubelet closed the exec's connection before the command's"
                        + " status");
    }

    @Test
    void refusalsComeAsKubernetesGivesThem() {
        Kubectl.Result wrongContainer = kubectl.run("exec", "-n", "exec", "web", "-c", "nope", "--", "true");
        assertThat(wrongContainer.exitCode()).isNotZero();
        assertThat(wrongContainer.stderr())
                .contains("Error from server (BadRequest): container nope is not valid for pod web");

        Kubectl.Result unscheduled = kubectl.run("exec", "-n", "exec", "unscheduled", "--", "true");
        assertThat(unscheduled.exitCode()).isNotZero();
        assertThat(unscheduled.stderr())
                .contains("Error from server (BadRequest): pod unscheduled does not have a host assigned");

        Kubectl.Result unreachable = kubectl.run("exec", "-n", "exec", "unreachable", "--", "true");
        assertThat(unreachable.exitCode()).isNotZero();
        assertThat(unreachable.stderr())
                .containsPattern("Internal error occurred: error dialing backend: dial tcp 127\\.0\\.0\\.1:\\d+:"
                        + " connect: connection refused");
    }

    @Test
    void theUpgradeItselfIsRefusedWithAStatusBeforeAnythingRuns() {
        WebSocketHandshakeException missing = handshakeFailure(PODS + "/missing/exec?command=true");
        assertThat(missing.getResponse().statusCode()).isEqualTo(404);
        assertThat(status(missing).path("message").asText()).isEqualTo("pods \"missing\" not found");

        WebSocketHandshakeException wrong = handshakeFailure(PODS + "/web/exec?command=true&container=nope");
        assertThat(wrong.getResponse().statusCode()).isEqualTo(400);
        assertThat(status(wrong).path("message").asText()).isEqualTo("container nope is not valid for pod web");

        WebSocketHandshakeException choose = handshakeFailure(PODS + "/web/exec?command=true");
        assertThat(status(choose).path("message").asText())
                .isEqualTo("a container name must be specified for pod web, choose one of: [echo exit3 vanish]");
    }

    @Test
    void withoutAWebSocketTheAnswerSaysWhy() throws Exception {
        HttpResponse<String> plain = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(server.baseUrl() + PODS + "/web/exec?container=echo&command=ls"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(plain.body()).path("message").asText()).isEqualTo("Upgrade request required");

        String spdy = rawRequest("POST " + PODS + "/web/exec?container=echo&command=ls&stdout=true HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n\r\n");
        assertThat(spdy).startsWith("HTTP/1.1 400 ");
        assertThat(spdy)
                .contains("pods/exec is served over WebSocket only (v5.channel.k8s.io, v4.channel.k8s.io): this server"
                        + " does not speak SPDY/3.1");
    }

    @Test
    void theClientsHeartbeatPingsAreAnswered() throws Exception {
        java.util.concurrent.CompletableFuture<String> pong = new java.util.concurrent.CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("v5.channel.k8s.io")
                .buildAsync(
                        URI.create(server.baseUrl().replace("http://", "ws://") + PODS
                                + "/web/exec?container=echo&command=cat&stdin=true"),
                        new WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onPong(
                                    WebSocket webSocket, java.nio.ByteBuffer message) {
                                pong.complete(
                                        StandardCharsets.UTF_8.decode(message).toString());
                                return null;
                            }
                        })
                .join();

        socket.sendPing(java.nio.ByteBuffer.wrap("beat".getBytes(StandardCharsets.UTF_8)))
                .join();

        assertThat(pong.get(10, TimeUnit.SECONDS)).isEqualTo("beat");
        socket.abort();
    }

    /** One HTTP/1.1 exchange on a plain socket (for headers the JDK client will not send), the answer as text. */
    private static String rawRequest(String request) throws Exception {
        URI base = URI.create(server.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while (!answer.toString(StandardCharsets.UTF_8).contains("}")
                    && (read = socket.getInputStream().read(buffer)) > 0) {
                answer.write(buffer, 0, read);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** What the stand-in kubelet does with an exec, by container name. */
    private static Publisher<Void> standInKubelet(WebsocketInbound in, WebsocketOutbound out) {
        HttpServerRequest request = (HttpServerRequest) in;
        requests.add(request.uri() + " protocol=" + in.selectedSubprotocol());
        String container = request.param("container");
        if ("exit3".equals(container)) {
            return out.sendObject(
                            Flux.just(
                                    frame(1, "out\n"),
                                    frame(2, "err\n"),
                                    frame(
                                            3,
                                            "{\"metadata\":{},\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\","
                                                    + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}")))
                    .then(out.sendClose(1000, "done"));
        }
        if ("vanish".equals(container)) {
            return out.sendObject(Flux.just(frame(1, "partial\n"))).then(out.sendClose());
        }
        Flux<WebSocketFrame> replies = in.aggregateFrames()
                .receiveFrames()
                .map(received -> {
                    ByteBuf content = received.content();
                    byte[] bytes = new byte[content.readableBytes()];
                    content.readBytes(bytes);
                    return bytes;
                })
                .takeUntil(bytes -> (bytes[0] & 0xff) == 255)
                .map(bytes -> (bytes[0] & 0xff) == 255
                        ? frame(3, "{\"metadata\":{},\"status\":\"Success\"}")
                        : frame(1, new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8)));
        return out.sendObject(replies).then(out.sendClose(1000, "done"));
    }

    private static WebSocketFrame frame(int channel, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[data.length + 1];
        message[0] = (byte) channel;
        System.arraycopy(data, 0, message, 1, data.length);
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message));
    }

    private static WebSocketHandshakeException handshakeFailure(String path) {
        try {
            HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .subprotocols("v5.channel.k8s.io")
                    .buildAsync(
                            URI.create(server.baseUrl().replace("http://", "ws://") + path),
                            new WebSocket.Listener() {})
                    .join()
                    .abort();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake;
            }
            throw e;
        }
        throw new AssertionError("the upgrade of " + path + " was accepted");
    }

    private static JsonNode status(WebSocketHandshakeException e) {
        try {
            return JSON.readTree(String.valueOf(e.getResponse().body()));
        } catch (Exception parse) {
            throw new AssertionError("not a Status: " + e.getResponse().body(), parse);
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
                        ",\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],"
                                + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + port + "}}}}");
        KubeHttp.Reply updated = http.put("/api/v1/nodes/" + name + "/status", withStatus);
        assertThat(updated.code()).as(updated.body().toString()).isEqualTo(200);
    }

    private static void pod(String name, String node, String... containers) {
        StringBuilder list = new StringBuilder();
        for (String container : containers) {
            list.append(list.isEmpty() ? "" : ",")
                    .append("{\"name\":\"")
                    .append(container)
                    .append("\",\"image\":\"busybox\"}");
        }
        KubeHttp.Reply created = http.post(
                PODS,
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
                        + (node == null ? "" : "\"nodeName\":\"" + node + "\",")
                        + "\"containers\":[" + list + "]}}");
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
    }
}
