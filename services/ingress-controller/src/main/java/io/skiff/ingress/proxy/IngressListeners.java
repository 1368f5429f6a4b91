package io.skiff.ingress.proxy;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import io.skiff.component.netns.NamespaceLoopResources;
import io.skiff.ingress.snapshot.SnapshotHolder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The proxy's two listeners, plain HTTP and TLS, and the upstream client they share. TLS is
 * terminated by an SNI handler that asks the current snapshot for each new connection's
 * certificate, so certificates change with the snapshot and never need a rebind.
 */
public final class IngressListeners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngressListeners.class);

    private final ListenerSettings settings;
    private final ConnectionProvider connections;
    private final List<LoopResources> loops;
    private final DisposableServer http;
    private final DisposableServer https;

    private IngressListeners(
            ListenerSettings settings,
            ConnectionProvider connections,
            List<LoopResources> loops,
            DisposableServer http,
            DisposableServer https) {
        this.settings = settings;
        this.connections = connections;
        this.loops = loops;
        this.http = http;
        this.https = https;
    }

    public static IngressListeners bind(ListenerSettings settings, SnapshotHolder snapshots, RequestObserver observer) {
        ConnectionProvider connections = ConnectionProvider.builder("ingress-upstream")
                .maxConnections(1024)
                .pendingAcquireMaxCount(-1)
                .build();
        List<LoopResources> loops = new ArrayList<>();
        // Loops of its own, never Reactor Netty's global ones: another Spring context in the same
        // JVM (skiff server runs several) disposes those when it closes.
        LoopResources upstreamLoops = settings.upstreamsIn().isPresent()
                ? new NamespaceLoopResources(settings.upstreamsIn().get(), "ingress-upstream")
                : LoopResources.create("ingress-upstream");
        LoopResources listenLoops = settings.listenIn().isPresent()
                ? new NamespaceLoopResources(settings.listenIn().get(), "ingress-listen")
                : LoopResources.create("ingress-listen");
        loops.add(upstreamLoops);
        loops.add(listenLoops);
        HttpClient client = HttpClient.create(connections)
                .runOn(upstreamLoops)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        settings.connectTimeout().toMillis())
                .responseTimeout(settings.readTimeout());
        HttpServer server = HttpServer.create().host(settings.address()).runOn(listenLoops);
        AtomicInteger httpPort = new AtomicInteger();
        AtomicInteger httpsPort = new AtomicInteger();
        Mapping<String, SslContext> certificates = serverName -> snapshots
                .current()
                .tls()
                .forServerName(serverName)
                .orElseThrow(() -> new IllegalStateException(
                        "no TLS certificate: no served Ingress has a usable spec.tls secret"));
        DisposableServer http = null;
        DisposableServer https;
        try {
            http = server.port(settings.httpPort())
                    .handle(new ReverseProxy(snapshots, client, "http", httpPort::get, observer))
                    .bindNow();
            httpPort.set(((InetSocketAddress) http.address()).getPort());
            https = server.port(settings.httpsPort())
                    .doOnChannelInit((connectionObserver, channel, remote) ->
                            channel.pipeline().addFirst("ingress-sni", new SniHandler(certificates)))
                    .handle(new ReverseProxy(snapshots, client, "https", httpsPort::get, observer))
                    .bindNow();
            httpsPort.set(((InetSocketAddress) https.address()).getPort());
        } catch (RuntimeException e) {
            if (http != null) {
                http.disposeNow();
            }
            connections.dispose();
            loops.forEach(LoopResources::dispose);
            throw e;
        }
        log.info("ingress proxy listening on {} (http) and {} (https)", http.address(), https.address());
        return new IngressListeners(settings, connections, List.copyOf(loops), http, https);
    }

    public InetSocketAddress httpAddress() {
        return (InetSocketAddress) http.address();
    }

    public InetSocketAddress httpsAddress() {
        return (InetSocketAddress) https.address();
    }

    /** Stops accepting and lets requests in flight finish, up to the shutdown grace. */
    @Override
    public void close() {
        http.disposeNow(settings.shutdownGrace());
        https.disposeNow(settings.shutdownGrace());
        connections.disposeLater().block(settings.shutdownGrace());
        for (LoopResources loop : loops) {
            loop.disposeLater().block(settings.shutdownGrace());
        }
    }
}
