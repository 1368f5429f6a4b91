package io.skiff.apiserver.rest;

import java.util.function.Supplier;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Runs a WebSocket upgrade on the event loop of the request's connection. Reactor Netty binds the
 * WebSocket's inbound right after the handshake only when the handshake runs on that event loop;
 * started from another thread (a storage callback, here), frames the client sends as soon as it
 * reads the 101 can reach the finished HTTP request instead and be dropped.
 */
final class ConnectionEventLoop {

    private ConnectionEventLoop() {}

    static Mono<Void> upgrade(ServerWebExchange exchange, Supplier<Mono<Void>> upgrade) {
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (request instanceof Connection connection) {
            return Mono.defer(upgrade)
                    .subscribeOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
        }
        return Mono.defer(upgrade);
    }
}
