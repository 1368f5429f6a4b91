package io.skiff.proxy.healthcheck;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.skiff.component.netns.NamespaceLoopResources;
import io.skiff.component.netns.NetworkNamespace;
import io.skiff.proxy.servicemap.ProxySnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * kube-proxy's service health server: for every LoadBalancer Service with externalTrafficPolicy
 * Local, an HTTP server on its healthCheckNodePort (all of the node's addresses) that tells the
 * external load balancer whether this node should get the Service's traffic: 200 when the node has
 * ready endpoints of the Service and the proxy is healthy, else 503, with the count in the body
 * and in {@code X-Load-Balancing-Endpoint-Weight}. Any path answers. The listeners open in the
 * node's network namespace when there is one. Updated after every successful sync.
 */
public final class ServiceHealthServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceHealthServer.class);
    private static final String ANY_ADDRESS = "0.0.0.0";

    private final String nodeName;
    private final String address;
    private final BooleanSupplier proxyHealthy;
    private final LoopResources loops;
    private final Map<String, Listener> services = new HashMap<>();
    /** Replaced whole on every sync, read by the listeners' threads without a lock. */
    private volatile Map<String, Integer> localEndpoints = Map.of();

    /**
     * @param nodeName this node, whose endpoints count as local
     * @param namespace the node's network namespace, where the listeners open; null for the
     *     proxy's own network
     * @param proxyHealthy whether the proxy itself is healthy (its healthz)
     */
    public ServiceHealthServer(String nodeName, NetworkNamespace namespace, BooleanSupplier proxyHealthy) {
        this(nodeName, namespace, proxyHealthy, ANY_ADDRESS);
    }

    /** @param address where to listen: kube-proxy listens on all addresses (tests use loopback) */
    ServiceHealthServer(String nodeName, NetworkNamespace namespace, BooleanSupplier proxyHealthy, String address) {
        this.nodeName = nodeName;
        this.address = address;
        this.proxyHealthy = proxyHealthy;
        this.loops = namespace == null
                ? LoopResources.create("proxy-healthcheck", 1, 1, true)
                : new NamespaceLoopResources(namespace, "proxy-healthcheck", 1);
    }

    /** Opens and closes listeners and updates the local endpoint counts for {@code snapshot}. */
    public void sync(ProxySnapshot snapshot) {
        syncServices(snapshot.healthCheckNodePorts());
        syncEndpoints(snapshot.localReadyEndpoints(nodeName));
    }

    /**
     * Makes {@code wanted} ({@code ns/name} → port) the served set: a listener whose Service went
     * away or moved port closes, new ones open. One that cannot open is logged and tried again on
     * the next sync, as kube-proxy does.
     */
    synchronized void syncServices(Map<String, Integer> wanted) {
        services.entrySet().removeIf(entry -> {
            Integer port = wanted.get(entry.getKey());
            if (port == null || port != entry.getValue().port()) {
                log.info(
                        "closing health check of {} on port {}",
                        entry.getKey(),
                        entry.getValue().port());
                entry.getValue().server().disposeNow(Duration.ofSeconds(5));
                return true;
            }
            return false;
        });
        wanted.forEach((service, port) -> {
            if (services.containsKey(service)) {
                return;
            }
            try {
                DisposableServer server = HttpServer.create()
                        .runOn(loops, false)
                        .host(address)
                        .port(port)
                        .handle((request, response) -> answer(service, request, response))
                        .bindNow(Duration.ofSeconds(10));
                services.put(service, new Listener(port, server));
                log.info("serving the health check of {} on port {}", service, port);
            } catch (RuntimeException e) {
                log.error(
                        "node {} failed to start healthcheck \"{}\" on port {}: {}",
                        nodeName,
                        service,
                        port,
                        e.getMessage());
            }
        });
    }

    /** Sets each served Service's count of local ready endpoints; those not named have none. */
    synchronized void syncEndpoints(Map<String, Integer> counts) {
        Map<String, Integer> served = new HashMap<>();
        counts.forEach((service, count) -> {
            if (services.containsKey(service)) {
                served.put(service, count);
            }
        });
        localEndpoints = Map.copyOf(served);
    }

    /** The port each Service is served on now. */
    synchronized Map<String, Integer> servedPorts() {
        Map<String, Integer> ports = new HashMap<>();
        services.forEach((service, listener) -> ports.put(service, listener.port()));
        return ports;
    }

    private Mono<Void> answer(String service, HttpServerRequest request, HttpServerResponse response) {
        int count = localEndpoints.getOrDefault(service, 0);
        boolean healthy = proxyHealthy.getAsBoolean();
        HealthCheckAnswer answer = HealthCheckAnswer.of(service, count, healthy);
        return response.status(HttpResponseStatus.valueOf(answer.status()))
                .header("Content-Type", "application/json")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Load-Balancing-Endpoint-Weight", Integer.toString(count))
                .sendString(Mono.just(answer.body()))
                .then();
    }

    @Override
    public synchronized void close() {
        services.values().forEach(listener -> listener.server().disposeNow(Duration.ofSeconds(5)));
        services.clear();
        loops.dispose();
    }

    private record Listener(int port, DisposableServer server) {
        Listener {
            Objects.requireNonNull(server);
        }
    }
}
