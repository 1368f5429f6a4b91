package io.skiff.proxy.userspace;

import io.netty.channel.ChannelOption;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * Listens on one address (a Reactor Netty TCP server) and relays each connection to an endpoint:
 * the next in round-robin order (or, with ClientIP affinity, the one the client reached last), or
 * the one after it if that refuses or times out. A connection
 * to a service without endpoints is closed at once. The relay ends when the endpoint closes its
 * side, or when the client goes away.
 */
final class TcpPortProxy implements PortProxy {

    private final LoopResources loops;
    private final InetSocketAddress address;
    private final RoundRobin endpoints;
    private final Duration connectTimeout;
    private DisposableServer server;

    TcpPortProxy(LoopResources loops, InetSocketAddress address, RoundRobin endpoints, Duration connectTimeout) {
        this.loops = loops;
        this.address = address;
        this.endpoints = endpoints;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void start() {
        server = TcpServer.create()
                .runOn(loops, false)
                .bindAddress(() -> address)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handle(this::relay)
                .bindNow(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    private Mono<Void> relay(NettyInbound client, NettyOutbound toClient) {
        InetAddress[] clientAddress = new InetAddress[1];
        client.withConnection(connection -> {
            if (connection.channel().remoteAddress() instanceof InetSocketAddress remote) {
                clientAddress[0] = remote.getAddress();
            }
        });
        return connect(endpoints.order(clientAddress[0]), 0)
                .doOnNext(endpoint -> endpoints.reached(
                        clientAddress[0], (InetSocketAddress) endpoint.channel().remoteAddress()))
                .flatMap(endpoint -> {
                    endpoint.outbound()
                            .send(client.receive().retain())
                            .then()
                            .subscribe(null, error -> endpoint.dispose());
                    return toClient.send(endpoint.inbound().receive().retain())
                            .then()
                            .doFinally(signal -> endpoint.dispose());
                })
                .onErrorResume(error -> Mono.empty());
    }

    private Mono<Connection> connect(List<InetSocketAddress> order, int index) {
        if (index >= order.size()) {
            return Mono.error(new ConnectException("no endpoint of " + address + " accepted the connection"));
        }
        InetSocketAddress endpoint = order.get(index);
        return TcpClient.newConnection()
                .runOn(loops, false)
                .remoteAddress(() -> endpoint)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .connect()
                .cast(Connection.class)
                .onErrorResume(error -> connect(order, index + 1));
    }
}
