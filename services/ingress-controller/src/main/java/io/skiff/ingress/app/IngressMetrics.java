package io.skiff.ingress.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.skiff.ingress.proxy.RequestObserver;
import io.skiff.ingress.routing.Backend;
import io.skiff.ingress.snapshot.SnapshotHolder;
import java.time.Duration;
import java.util.Optional;

/**
 * ingress-nginx's metric names, so its dashboards work: {@code
 * nginx_ingress_controller_requests_total} by ingress, namespace, service, host, method and status,
 * {@code nginx_ingress_controller_response_duration_seconds} (the upstream's latency, a histogram),
 * and the routes and Ingresses of the current snapshot.
 */
final class IngressMetrics implements RequestObserver {

    private static final String NONE = "";
    private static final String UNROUTED_HOST = "_";

    private final MeterRegistry registry;

    IngressMetrics(MeterRegistry registry, SnapshotHolder snapshots) {
        this.registry = registry;
        Gauge.builder(
                        "skiff.ingress.routes",
                        snapshots,
                        holder -> holder.current().table().size())
                .description("Routes (host and path) in the current routing snapshot")
                .register(registry);
        Gauge.builder(
                        "skiff.ingress.served.ingresses",
                        snapshots,
                        holder -> holder.current().served().size())
                .description("Ingresses served by this controller")
                .register(registry);
    }

    @Override
    public void served(
            Optional<Backend> backend, String host, String method, int status, Optional<Duration> upstreamLatency) {
        String ingress = backend.map(Backend::ingress).orElse(NONE);
        String namespace = backend.map(Backend::namespace).orElse(NONE);
        String service = backend.map(Backend::service).orElse(NONE);
        // Unrouted requests carry whatever Host a client made up: one series for all of them.
        String hostTag = backend.isPresent() ? host : UNROUTED_HOST;
        Counter.builder("nginx.ingress.controller.requests")
                .description("The total number of client requests")
                .tag("ingress", ingress)
                .tag("namespace", namespace)
                .tag("service", service)
                .tag("host", hostTag)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
        upstreamLatency.ifPresent(latency -> Timer.builder("nginx.ingress.controller.response.duration")
                .description("The time spent on receiving the response from the upstream server")
                .tag("ingress", ingress)
                .tag("namespace", namespace)
                .tag("service", service)
                .tag("host", hostTag)
                .publishPercentileHistogram()
                .register(registry)
                .record(latency));
    }
}
