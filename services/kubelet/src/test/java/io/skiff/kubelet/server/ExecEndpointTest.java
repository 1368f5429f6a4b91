package io.skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.runtime.process.ProcessRuntime;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The kubelet's exec endpoint over a real process runtime, spoken to frame by frame by a WebSocket
 * client: what goes on each channel, the close signal, resizes, and how it ends.
 */
class ExecEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private ProcessRuntime runtime;
    private DisposableServer server;

    @BeforeEach
    void start() {
        runtime = new ProcessRuntime(root.resolve("runtime"), "127.0.0.1");
        PodSandboxConfig sandboxConfig = new PodSandboxConfig(
                new PodSandboxConfig.PodSandboxMetadata("web", "uid-web", "default", 0),
                "web",
                root.resolve("logs").toString(),
                null,
                List.of(),
                false,
                null,
                Map.of(),
                Map.of(),
                "/kubepods/besteffort/poduid-web");
        String sandbox = runtime.runPodSandbox(sandboxConfig);
        String container = runtime.createContainer(
                sandbox,
                new ContainerConfig(
                        "main",
                        0,
                        "process:busybox:1.36",
                        List.of("sleep", "60"),
                        List.of(),
                        "",
                        List.of(),
                        List.of(),
                        Map.of(),
                        Map.of(),
                        "main/0.log",
                        new ContainerConfig.Resources(2, 100_000, 0, 0, 1000),
                        new ContainerConfig.Security(null, null, List.of(), false, false, List.of(), List.of())),
                sandboxConfig);
        runtime.startContainer(container);
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(
                        RouterFunctions.toHttpHandler(ExecServerConfiguration.routes(runtime))))
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.disposeNow();
        runtime.close();
    }

    @Test
    void stdinFlowsUntilV5sCloseSignalAndTheExecEndsWithSuccessAndANormalClose() throws Exception {
        Session session = open("default/web/main", "v5.channel.k8s.io", "cat", "input", "output", "error");

        session.send(0, "hello ");
        session.send(4, "{\"Width\":100,\"Height\":40}");
        session.send(0, "world");
        session.socket.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true);

        assertThat(session.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(session.channel(1)).isEqualTo("hello world");
        assertThat(session.channel(2)).isEmpty();
        assertThat(session.status().path("status").asText()).isEqualTo("Success");
        assertThat(session.socket.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
    }

    @Test
    void pingsAreAnsweredSoTheClientsHeartbeatKeepsALongExecAlive() throws Exception {
        Session session = open("default/web/main", "v5.channel.k8s.io", "sleep 2", "output");

        session.socket.sendPing(ByteBuffer.wrap(new byte[] {'k', '8', 's'})).join();

        assertThat(session.pong.get(5, TimeUnit.SECONDS)).isEqualTo("k8s");
        assertThat(session.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void v4IsSpokenTooAndTheExitCodeIsInTheStatus() throws Exception {
        Session session = open(
                "default/web/main", "v4.channel.k8s.io", "sh -c 'echo out; echo err >&2; exit 7'", "output", "error");

        assertThat(session.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(session.socket.getSubprotocol()).isEqualTo("v4.channel.k8s.io");
        assertThat(session.channel(1)).isEqualTo("out\n");
        assertThat(session.channel(2)).isEqualTo("err\n");
        assertThat(session.status().path("reason").asText()).isEqualTo("NonZeroExitCode");
        assertThat(session.status().at("/details/causes/0/message").asText()).isEqualTo("7");
    }

    @Test
    void anOutputHeldOpenByABackgroundChildDoesNotHoldTheExec() throws Exception {
        Session session = open("default/web/main", "v5.channel.k8s.io", "sh -c 'sleep 30 & echo started'", "output");

        assertThat(session.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(session.channel(1)).isEqualTo("started\n");
        assertThat(session.status().path("status").asText()).isEqualTo("Success");
    }

    @Test
    void refusalsComeOnTheErrorChannelAfterTheUpgrade() throws Exception {
        Session noPod = open("default/gone/main", "v5.channel.k8s.io", "true", "output");
        assertThat(noPod.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(noPod.status().path("message").asText())
                .isEqualTo("Internal error occurred: unable to upgrade connection: pod does not exist");

        Session noContainer = open("default/web/other", "v5.channel.k8s.io", "true", "output");
        assertThat(noContainer.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(noContainer.status().path("message").asText())
                .isEqualTo("Internal error occurred: unable to upgrade connection: container not found (\"other\")");

        Session noStreams = open("default/web/main", "v5.channel.k8s.io", "true");
        assertThat(noStreams.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(noStreams.status().path("message").asText())
                .endsWith("you must specify at least 1 of stdin, stdout, stderr");
    }

    @Test
    void aRequestThatIsNoWebSocketIsRefusedInPlainHttp() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                        + "/exec/default/web/main?command=ls&output=1"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("this kubelet serves exec over WebSocket only");
    }

    /** A WebSocket exec: {@code command} split at spaces outside single quotes, and the streams asked for. */
    private Session open(String target, String protocol, String command, String... streams) {
        StringBuilder query = new StringBuilder();
        for (String argument : split(command)) {
            query.append("&command=").append(URLEncoder.encode(argument, StandardCharsets.UTF_8));
        }
        for (String stream : streams) {
            query.append('&').append(stream).append("=1");
        }
        Session session = new Session();
        session.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols(protocol)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + server.port() + "/exec/" + target + "?" + query.substring(1)),
                        session)
                .join();
        return session;
    }

    private static List<String> split(String command) {
        List<String> arguments = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                arguments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        arguments.add(current.toString());
        return arguments;
    }

    /** What one connection received, channel by channel, and how it was closed. */
    private static final class Session implements WebSocket.Listener {

        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<String> pong = new CompletableFuture<>();
        private final Map<Integer, ByteArrayOutputStream> channels = new java.util.concurrent.ConcurrentHashMap<>();
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();
        WebSocket socket;

        void send(int channel, String data) {
            byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(bytes.length + 1)
                    .put((byte) channel)
                    .put(bytes)
                    .flip();
            socket.sendBinary(frame, true).join();
        }

        String channel(int channel) {
            ByteArrayOutputStream data = channels.get(channel);
            return data == null ? "" : data.toString(StandardCharsets.UTF_8);
        }

        JsonNode status() throws Exception {
            return JSON.readTree(channel(3));
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            message.writeBytes(bytes);
            if (last) {
                byte[] whole = message.toByteArray();
                message.reset();
                if (whole.length > 0) {
                    channels.computeIfAbsent(whole[0] & 0xff, c -> new ByteArrayOutputStream())
                            .write(whole, 1, whole.length - 1);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pong.complete(StandardCharsets.UTF_8.decode(message).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
