package io.skiff.apiserver.rest;

import io.skiff.model.api.Statuses;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Kubernetes' max-in-flight limits: at most so many read and so many mutating API requests are
 * served at once; beyond that a request gets 429 with Retry-After, and the client backs off
 * instead of the server queueing without bound. Long-running requests are not counted, as
 * Kubernetes' BasicLongRunningRequestCheck has it: watches, and the exec, attach, portforward,
 * proxy and log subresources.
 */
public final class InFlightLimiter implements WebFilter {

    private static final Set<String> LONG_RUNNING_SUBRESOURCES =
            Set.of("exec", "attach", "portforward", "proxy", "log");

    private final int maxReadOnly;
    private final int maxMutating;
    private final AtomicInteger readOnly = new AtomicInteger();
    private final AtomicInteger mutating = new AtomicInteger();

    public InFlightLimiter(int maxReadOnly, int maxMutating) {
        this.maxReadOnly = maxReadOnly;
        this.maxMutating = maxMutating;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith("/api/") && !path.startsWith("/apis/") || isLongRunning(exchange)) {
            return chain.filter(exchange);
        }
        boolean reads = exchange.getRequest().getMethod().equals(HttpMethod.GET);
        AtomicInteger counter = reads ? readOnly : mutating;
        int limit = reads ? maxReadOnly : maxMutating;
        if (counter.incrementAndGet() > limit) {
            counter.decrementAndGet();
            return tooManyRequests(exchange);
        }
        return chain.filter(exchange).doFinally(signal -> counter.decrementAndGet());
    }

    public int inFlightReadOnly() {
        return readOnly.get();
    }

    public int inFlightMutating() {
        return mutating.get();
    }

    /** Watches and the streaming subresources: held open as long as the client wants, never limited. */
    public static boolean isLongRunning(ServerWebExchange exchange) {
        RequestInfo info = RequestInfo.of(exchange);
        return RequestInfo.isWatch(info, exchange.getRequest().getQueryParams().getFirst("watch"))
                || (info != null
                        && info.subresource() != null
                        && LONG_RUNNING_SUBRESOURCES.contains(info.subresource()));
    }

    /** Kubernetes' 429 answer to a request over the limits: a TooManyRequests Status, Retry-After 1 s. */
    public static Mono<Void> tooManyRequests(ServerWebExchange exchange) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set("Retry-After", "1");
        byte[] body = ErrorResponses.json(Statuses.tooManyRequests("Too many requests, please try again later.", 1)
                .status());
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
