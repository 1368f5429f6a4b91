package io.skiff.kubelet.server;

import io.skiff.kubelet.cri.RuntimeService;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.WebSocketService;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /exec/{namespace}/{pod}/{container}?command=...&input=1&output=1&error=1&tty=1}, the
 * kubelet API's exec over WebSocket ({@link ExecSession}). A request that is not a WebSocket
 * upgrade offering a protocol this kubelet speaks is refused in plain HTTP. Otherwise the connection
 * is upgraded even when the exec cannot go ahead (bad options, no such pod, the container not
 * running), and the refusal is the Status on the error channel: Kubernetes' kubelet refuses those
 * before upgrading, and the API server's stream translator hands the refusal to the client on the
 * error channel, so the client sees the same. SPDY, which Kubernetes' kubelet also serves, is not.
 */
final class ExecHandler {

    private final RunningContainers containers;
    private final RuntimeService runtime;
    private final WebSocketService webSockets;

    ExecHandler(RuntimeService runtime, WebSocketService webSockets) {
        this.containers = new RunningContainers(runtime);
        this.runtime = runtime;
        this.webSockets = webSockets;
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        String namespace = request.pathVariable("namespace");
        String pod = request.pathVariable("pod");
        String container = request.pathVariable("container");
        String name = namespace + "-" + pod + "-" + container;
        return Mono.fromCallable(() -> {
                    requireWebSocket(request);
                    try {
                        ExecOptions options =
                                ExecOptions.from(key -> request.queryParams().get(key));
                        String containerId = containers.locate(namespace, pod, container);
                        return ExecSession.of(runtime, containerId, options, name);
                    } catch (ExecRefusal refusal) {
                        return ExecSession.refusing(refusal.getMessage());
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(session -> ServerResponse.ok()
                        .build((exchange, context) -> ConnectionEventLoop.upgrade(
                                exchange, () -> webSockets.handleRequest(exchange, session))))
                .onErrorResume(
                        ExecRefusal.class,
                        e -> ServerResponse.status(e.code())
                                .contentType(MediaType.TEXT_PLAIN)
                                .bodyValue(e.getMessage()));
    }

    /** An upgrade to WebSocket offering one of the remote command protocols this kubelet speaks. */
    private static void requireWebSocket(ServerRequest request) {
        String upgrade = request.headers().firstHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw new ExecRefusal(
                    400,
                    "this kubelet serves exec over WebSocket only (" + String.join(", ", ExecFrames.PROTOCOLS) + "); "
                            + (upgrade == null ? "the request asks for no upgrade" : upgrade + " is not supported"));
        }
        List<String> offered = request.headers().header("Sec-WebSocket-Protocol").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .toList();
        if (offered.stream().noneMatch(ExecFrames.PROTOCOLS::contains)) {
            throw new ExecRefusal(
                    400,
                    "unable to upgrade: none of the offered subprotocols " + offered + " is supported (want one of "
                            + ExecFrames.PROTOCOLS + ")");
        }
    }
}
