package io.skiff.component.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The API servers a client may talk to, active-active, each behind a circuit breaker of its own.
 * Calls go round-robin over the servers whose breaker lets them through. A server that refuses the
 * connection is skipped at once, within the same call, since nothing was sent; one that answers
 * 5xx, times out or breaks the connection counts against its breaker and the caller's retry goes
 * elsewhere. An open breaker lets a few probe calls through after its wait, and closes again once
 * they succeed, so a server that comes back gets traffic again.
 */
public final class Endpoints {

    private record Endpoint(URI uri, CircuitBreaker breaker) {}

    private final List<Endpoint> endpoints;
    private final CircuitBreakerRegistry registry;
    private final AtomicInteger next = new AtomicInteger();

    public Endpoints(List<URI> uris, CircuitBreakerConfig config) {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("at least one API server URL is needed");
        }
        this.registry = CircuitBreakerRegistry.of(config);
        List<Endpoint> list = new ArrayList<>();
        for (URI uri : uris) {
            list.add(new Endpoint(uri, registry.circuitBreaker(uri.getAuthority())));
        }
        this.endpoints = List.copyOf(list);
    }

    /**
     * Runs {@code attempt} against one server: the next one in turn whose breaker admits the call,
     * moving on to the following ones while connections are refused. Fails with the last refusal,
     * or with {@link CallNotPermittedException} when every breaker is open.
     */
    public <T> Mono<T> call(Function<URI, Mono<T>> attempt) {
        return Mono.defer(() -> {
            int start = Math.floorMod(next.getAndIncrement(), endpoints.size());
            return tryFrom(start, 0, attempt, null);
        });
    }

    private <T> Mono<T> tryFrom(int start, int tried, Function<URI, Mono<T>> attempt, Throwable lastFailure) {
        if (tried == endpoints.size()) {
            return Mono.error(
                    lastFailure != null
                            ? lastFailure
                            : CallNotPermittedException.createCallNotPermittedException(
                                    endpoints.get(start).breaker()));
        }
        Endpoint endpoint = endpoints.get((start + tried) % endpoints.size());
        if (!endpoint.breaker().tryAcquirePermission()) {
            return tryFrom(start, tried + 1, attempt, lastFailure);
        }
        return guarded(endpoint, attempt)
                .onErrorResume(Failures::nothingSent, refused -> tryFrom(start, tried + 1, attempt, refused));
    }

    /** Records the call's outcome on the breaker exactly once; a cancelled call gives its permit back. */
    private static <T> Mono<T> guarded(Endpoint endpoint, Function<URI, Mono<T>> attempt) {
        return Mono.defer(() -> {
            CircuitBreaker breaker = endpoint.breaker();
            long started = System.nanoTime();
            AtomicBoolean recorded = new AtomicBoolean();
            return attempt.apply(endpoint.uri())
                    .doOnSuccess(value -> {
                        if (recorded.compareAndSet(false, true)) {
                            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        }
                    })
                    .doOnError(error -> {
                        if (recorded.compareAndSet(false, true)) {
                            long elapsed = System.nanoTime() - started;
                            if (Failures.isServerFailure(error)) {
                                breaker.onError(elapsed, TimeUnit.NANOSECONDS, error);
                            } else {
                                // A 4xx means the server is up and answering.
                                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                            }
                        }
                    })
                    .doOnCancel(() -> {
                        if (recorded.compareAndSet(false, true)) {
                            breaker.releasePermission();
                        }
                    });
        });
    }

    public List<URI> uris() {
        return endpoints.stream().map(Endpoint::uri).toList();
    }

    /** Each server's breaker state, in configuration order. */
    public Map<URI, CircuitBreaker.State> states() {
        Map<URI, CircuitBreaker.State> states = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            states.put(endpoint.uri(), endpoint.breaker().getState());
        }
        return states;
    }

    /** The breakers, named by host:port, for metrics (resilience4j-micrometer binds a registry). */
    public CircuitBreakerRegistry breakerRegistry() {
        return registry;
    }
}
