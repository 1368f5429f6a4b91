package io.skiff.apiserver.rest;

import io.skiff.apiserver.watch.WatchEvent;
import io.skiff.model.api.ApiException;
import java.nio.charset.StandardCharsets;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Kubernetes watches over WebSocket: a GET with {@code Upgrade: websocket} on a resource path gets
 * every watch event as one text message. Errors become an ERROR event with the Status, as on the
 * plain stream.
 */
public final class WebSocketWatchHandler implements WebSocketHandler {

    private final ResourceHandler resources;

    public WebSocketWatchHandler(ResourceHandler resources) {
        this.resources = resources;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        var uri = session.getHandshakeInfo().getUri();
        MultiValueMap<String, String> query = QueryStrings.parse(uri);
        Flux<WatchEvent> events = resources
                .openWebSocketWatch(uri.getRawPath(), query)
                .flatMapMany(flux -> flux)
                .onErrorResume(error -> {
                    ApiException api = ErrorResponses.toApiException(error);
                    return Flux.just(new WatchEvent(WatchEvent.ERROR, 0, ErrorResponses.json(api.status())));
                });
        return session.send(events.map(
                event -> session.textMessage(new String(event.nativeLine(), StandardCharsets.UTF_8).stripTrailing())));
    }

    /** Routes WebSocket upgrades under /api and /apis to the handler, ahead of the plain routes. */
    public static final class Mapping extends AbstractHandlerMapping {

        private final WebSocketWatchHandler handler;

        public Mapping(WebSocketWatchHandler handler) {
            this.handler = handler;
            setOrder(-2);
        }

        @Override
        protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
            String upgrade = exchange.getRequest().getHeaders().getUpgrade();
            String path = exchange.getRequest().getPath().value();
            if ("websocket".equalsIgnoreCase(upgrade) && (path.startsWith("/api/") || path.startsWith("/apis/"))) {
                return Mono.just(handler);
            }
            return Mono.empty();
        }
    }
}
