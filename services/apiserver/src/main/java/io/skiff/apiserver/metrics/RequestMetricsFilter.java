package io.skiff.apiserver.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.skiff.apiserver.rest.RequestInfo;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Counts and times API requests under Kubernetes' metric names: apiserver_request_total and the
 * apiserver_request_duration_seconds histogram, by verb, group, resource, subresource and code.
 * Watches are counted when they start and not timed (they last as long as the client wants).
 */
public final class RequestMetricsFilter implements WebFilter {

    private final MeterRegistry meters;

    public RequestMetricsFilter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith("/api/") && !path.startsWith("/apis/")) {
            return chain.filter(exchange);
        }
        RequestInfo info = RequestInfo.of(exchange);
        String verb = verb(exchange, info);
        String group = info == null ? "" : info.group();
        String resource = info == null || info.resource() == null ? "" : info.resource();
        String subresource = info == null || info.subresource() == null ? "" : info.subresource();
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> {
            int status = exchange.getResponse().getStatusCode() == null
                    ? 200
                    : exchange.getResponse().getStatusCode().value();
            String code = Integer.toString(status);
            meters.counter(
                            "apiserver_request_total",
                            "verb",
                            verb,
                            "group",
                            group,
                            "resource",
                            resource,
                            "subresource",
                            subresource,
                            "code",
                            code)
                    .increment();
            if (!verb.equals("WATCH")) {
                Timer.builder("apiserver_request_duration_seconds")
                        .description("Response latency by verb and resource")
                        .publishPercentileHistogram()
                        .tags("verb", verb, "group", group, "resource", resource, "subresource", subresource)
                        .register(meters)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        });
    }

    private static String verb(ServerWebExchange exchange, RequestInfo info) {
        HttpMethod method = exchange.getRequest().getMethod();
        boolean named = info != null && info.name() != null;
        boolean watch =
                RequestInfo.isWatch(info, exchange.getRequest().getQueryParams().getFirst("watch"));
        if (method.equals(HttpMethod.GET)) {
            return watch ? "WATCH" : named ? "GET" : "LIST";
        }
        if (method.equals(HttpMethod.DELETE)) {
            return named ? "DELETE" : "DELETECOLLECTION";
        }
        return method.name();
    }
}
