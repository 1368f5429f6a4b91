package io.skiff.apiserver.rest;

import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * pods/exec over WebSocket, relayed to the pod's kubelet as Kubernetes' API server does for the
 * remote command protocols (its stream translator; here the kubelet speaks WebSocket itself, so
 * messages go through unchanged). The request is checked first ({@link PodExec}), so a missing pod
 * or a wrong container is an HTTP Status answer, before any upgrade. Then the client's connection
 * is upgraded with the subprotocol it prefers among v5.channel.k8s.io and v4.channel.k8s.io, the
 * kubelet is dialled with that one, and messages go both ways until either side closes, which
 * closes the other normally. A kubelet that cannot be reached or refuses the upgrade is reported
 * as Kubernetes reports it, an InternalError Status on the error channel (3).
 */
public final class PodExecProxy implements WebHandler {

    private static final Logger log = LoggerFactory.getLogger(PodExecProxy.class);

    static final List<String> PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");

    private static final int ERROR_CHANNEL = 3;

    private final PodExec exec;
    private final WebSocketService webSockets;
    private final WebSocketClient kubelets;

    public PodExecProxy(PodExec exec, WebSocketService webSockets, WebSocketClient kubelets) {
        this.exec = exec;
        this.webSockets = webSockets;
        this.kubelets = kubelets;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange) {
        RequestInfo info = RequestInfo.of(exchange);
        return Mono.defer(() -> exec.locate(
                        info.namespace(),
                        info.name(),
                        QueryStrings.parse(exchange.getRequest().getURI())))
                .doOnNext(kubelet -> checkProtocols(exchange.getRequest().getHeaders()))
                .map(kubelet -> ConnectionEventLoop.upgrade(
                        exchange, () -> webSockets.handleRequest(exchange, new Relay(kubelet))))
                .onErrorResume(error -> Mono.just(respond(exchange.getResponse(), error)))
                .flatMap(upgraded -> upgraded);
    }

    /** The client must offer a protocol both ends speak; the Go client fails on any other anyway. */
    private static void checkProtocols(HttpHeaders headers) {
        List<String> offered = headers.getOrEmpty("Sec-WebSocket-Protocol").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .toList();
        if (offered.stream().noneMatch(PROTOCOLS::contains)) {
            throw Statuses.badRequest("unable to upgrade: none of the WebSocket subprotocols offered " + offered
                    + " is supported (want one of " + PROTOCOLS + ")");
        }
    }

    private static Mono<Void> respond(ServerHttpResponse response, Throwable error) {
        ApiException api = ErrorResponses.toApiException(error);
        response.setStatusCode(HttpStatus.valueOf(api.code()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer body = response.bufferFactory().wrap(ErrorResponses.json(api.status()));
        return response.writeWith(Mono.just(body));
    }

    /** One client connection, relayed to one kubelet connection. */
    private final class Relay implements WebSocketHandler {

        private final URI kubelet;

        Relay(URI kubelet) {
            this.kubelet = kubelet;
        }

        @Override
        public List<String> getSubProtocols() {
            return PROTOCOLS;
        }

        @Override
        public Mono<Void> handle(WebSocketSession client) {
            String protocol = client.getHandshakeInfo().getSubProtocol();
            AtomicBoolean connected = new AtomicBoolean();
            WebSocketHandler toKubelet = new WebSocketHandler() {
                @Override
                public List<String> getSubProtocols() {
                    return List.of(protocol);
                }

                @Override
                public Mono<Void> handle(WebSocketSession node) {
                    connected.set(true);
                    return relay(client, node);
                }
            };
            return kubelets.execute(kubelet, toKubelet).onErrorResume(error -> {
                log.debug("exec relay to {} failed: {}", kubelet, error.toString());
                String why = connected.get() ? "error relaying the exec: " + error.getMessage() : cannotDial(error);
                return sendStatus(client, Statuses.internalError(why))
                        .onErrorResume(closed -> Mono.empty())
                        .then(closeQuietly(client));
            });
        }

        /**
         * Messages both ways until one side closes; then both are closed normally. A kubelet that
         * goes before sending the command's Status leaves the client one saying so, or the client
         * would take the exec for a success.
         */
        private Mono<Void> relay(WebSocketSession client, WebSocketSession node) {
            AtomicBoolean statusRelayed = new AtomicBoolean();
            Flux<WebSocketMessage> fromKubelet = node.receive().concatMap(message -> {
                byte[] bytes = bytes(message);
                if (message.getType() == WebSocketMessage.Type.BINARY
                        && bytes.length > 0
                        && bytes[0] == ERROR_CHANNEL) {
                    statusRelayed.set(true);
                }
                return copy(message.getType(), bytes, client);
            });
            // A kubelet connection that ends stops taking the client's messages, and cancelling the
            // client's inbound would make Reactor Netty close the client's connection at once, with
            // a close frame without a status code (which the Go client takes for an error), before
            // the Status and the normal close. Published, the inbound outlives its reader.
            Flux<Copied> fromClient = client.receive()
                    .map(message -> new Copied(message.getType(), bytes(message)))
                    .publish()
                    .autoConnect(1);
            Mono<Void> kubeletToClient = client.send(fromKubelet)
                    .onErrorResume(error -> Mono.empty())
                    .then(Mono.defer(() -> statusRelayed.get()
                            ? Mono.<Void>empty()
                            : sendStatus(
                                            client,
                                            Statuses.internalError("the kubelet closed the exec's connection before"
                                                    + " the command's status"))
                                    .onErrorResume(closed -> Mono.empty())))
                    .then(closeQuietly(client))
                    .then(closeQuietly(node));
            Mono<Void> clientToKubelet = node.send(
                            fromClient.concatMap(message -> copy(message.type(), message.bytes(), node)))
                    .onErrorResume(error -> Mono.empty())
                    .then(closeQuietly(node));
            return Mono.when(kubeletToClient, clientToKubelet);
        }

        /** Why the kubelet could not be reached or would not upgrade, in Go's words where it has them. */
        private String cannotDial(Throwable error) {
            Throwable cause = error;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (error instanceof ConnectException || cause instanceof ConnectException) {
                return "error dialing backend: dial tcp " + kubelet.getHost() + ":" + kubelet.getPort()
                        + ": connect: connection refused";
            }
            return "unable to upgrade connection: " + error.getMessage();
        }
    }

    /** A message's type and payload, copied out of the buffer its connection reuses. */
    private record Copied(WebSocketMessage.Type type, byte[] bytes) {}

    /** A data message of one session as the same message for the other; control messages stay behind. */
    private static Flux<WebSocketMessage> copy(WebSocketMessage.Type type, byte[] bytes, WebSocketSession to) {
        return switch (type) {
            case BINARY -> Flux.just(to.binaryMessage(factory -> factory.wrap(bytes)));
            case TEXT -> Flux.just(to.textMessage(new String(bytes, StandardCharsets.UTF_8)));
            default -> Flux.empty();
        };
    }

    private static byte[] bytes(WebSocketMessage message) {
        byte[] bytes = new byte[message.getPayload().readableByteCount()];
        message.getPayload().read(bytes);
        return bytes;
    }

    /** The Status on the error channel, which the client reads as the exec's outcome. */
    private static Mono<Void> sendStatus(WebSocketSession client, ApiException error) {
        byte[] status = ErrorResponses.json(error.status());
        byte[] frame = new byte[status.length + 1];
        frame[0] = ERROR_CHANNEL;
        System.arraycopy(status, 0, frame, 1, status.length);
        return client.send(Mono.just(client.binaryMessage(factory -> factory.wrap(frame))));
    }

    private static Mono<Void> closeQuietly(WebSocketSession session) {
        return session.close(CloseStatus.NORMAL).onErrorResume(error -> Mono.empty());
    }

    /** Routes WebSocket upgrades of pods/exec to the proxy, ahead of WebSocket watches and the plain routes. */
    public static final class Mapping extends AbstractHandlerMapping {

        private final PodExecProxy proxy;

        public Mapping(PodExecProxy proxy) {
            this.proxy = proxy;
            setOrder(-3);
        }

        @Override
        protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
            if (!"websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
                return Mono.empty();
            }
            RequestInfo info = RequestInfo.of(exchange);
            boolean podExec = info != null
                    && info.group().isEmpty()
                    && "v1".equals(info.version())
                    && "pods".equals(info.resource())
                    && info.namespace() != null
                    && info.name() != null
                    && "exec".equals(info.subresource());
            return podExec ? Mono.just(proxy) : Mono.empty();
        }
    }
}
