package io.skiff.component.client;

import io.skiff.component.resilience.Endpoints;
import io.skiff.component.resilience.RetryPolicies;
import io.skiff.component.resilience.RetryRule;
import io.skiff.component.resilience.TokenBucket;
import io.skiff.model.api.ApiException;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Collectors;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends requests to the API servers with everything a control-plane client needs around them:
 * the client-side rate limit (one token per attempt, as client-go), a healthy server per attempt
 * (per-server circuit breakers with failover), retries as the request's {@link RetryRule} allows,
 * a timeout per attempt, and metrics per exchange.
 */
final class ApiTransport {

    private static final byte[] EMPTY = new byte[0];
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};

    private final WebClient webClient;
    private final Endpoints endpoints;
    private final TokenBucket rateLimiter;
    private final RetryPolicies retries;
    private final ClientMetrics metrics;
    private final Duration requestTimeout;
    /** The bearer token of each request, read when the request is built (it may rotate). */
    private final BearerTokenSource tokens;
    /** The rate limiter guards all servers together, so its metric names them all. */
    private final String limiterHost;

    ApiTransport(
            WebClient webClient,
            Endpoints endpoints,
            TokenBucket rateLimiter,
            RetryPolicies retries,
            ClientMetrics metrics,
            Duration requestTimeout,
            BearerTokenSource tokens) {
        this.webClient = webClient;
        this.endpoints = endpoints;
        this.rateLimiter = rateLimiter;
        this.retries = retries;
        this.metrics = metrics;
        this.requestTimeout = requestTimeout;
        this.tokens = tokens;
        this.limiterHost = endpoints.uris().stream().map(URI::getAuthority).collect(Collectors.joining(","));
    }

    /** The reply body of a 2xx answer (empty if none); any other answer is an ApiException. */
    Mono<byte[]> exchange(ApiRequest request) {
        Mono<byte[]> attempt = throttle(request).then(endpoints.call(server -> exchangeWith(server, request)));
        return retries.withRetries(request.retryRule(), attempt);
    }

    /**
     * Opens a server-sent-events stream (a watch). Retries and the timeout cover only the opening,
     * until the server's headers arrive; the open stream then runs until the server ends it, and a
     * failure while it runs goes to the caller, who resumes from the last event it saw. The rate
     * limiter is passed once, at opening.
     */
    Flux<ServerSentEvent<String>> stream(ApiRequest request) {
        Mono<Flux<ServerSentEvent<String>>> open =
                throttle(request).then(endpoints.call(server -> openStreamWith(server, request)));
        return retries.withRetries(request.retryRule(), open).flatMapMany(events -> events);
    }

    private Mono<Duration> throttle(ApiRequest request) {
        return rateLimiter
                .acquire()
                .doOnNext(wait -> metrics.rateLimiterWait(request.method().name(), limiterHost, wait));
    }

    private Mono<byte[]> exchangeWith(URI server, ApiRequest request) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            String host = server.getAuthority();
            return spec(server, request, MediaType.APPLICATION_JSON)
                    .exchangeToMono(response -> response.bodyToMono(byte[].class)
                            .defaultIfEmpty(EMPTY)
                            .flatMap(body -> {
                                int code = response.statusCode().value();
                                metrics.request(
                                        request.method().name(), host, Integer.toString(code), elapsed(started));
                                return response.statusCode().is2xxSuccessful()
                                        ? Mono.just(body)
                                        : Mono.error(error(response, body));
                            }))
                    .timeout(requestTimeout)
                    .doOnError(
                            failure -> !(failure instanceof ApiException),
                            failure -> metrics.request(
                                    request.method().name(), host, ClientMetrics.NO_RESPONSE, elapsed(started)));
        });
    }

    private Mono<Flux<ServerSentEvent<String>>> openStreamWith(URI server, ApiRequest request) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            String host = server.getAuthority();
            return spec(server, request, MediaType.TEXT_EVENT_STREAM)
                    .retrieve()
                    .onStatus(
                            status -> !status.is2xxSuccessful(),
                            response -> response.bodyToMono(byte[].class)
                                    .defaultIfEmpty(EMPTY)
                                    .map(body -> error(response, body)))
                    .toEntityFlux(SSE)
                    .map(ResponseEntity::getBody)
                    .timeout(requestTimeout)
                    .doOnSuccess(events -> metrics.request(request.method().name(), host, "200", elapsed(started)))
                    .doOnError(failure -> metrics.request(
                            request.method().name(),
                            host,
                            failure instanceof ApiException api
                                    ? Integer.toString(api.code())
                                    : ClientMetrics.NO_RESPONSE,
                            elapsed(started)));
        });
    }

    private WebClient.RequestHeadersSpec<?> spec(URI server, ApiRequest request, MediaType accept) {
        WebClient.RequestBodySpec spec = webClient
                .method(request.method())
                .uri(URI.create(stripTrailingSlash(server.toString()) + request.pathAndQuery()))
                .accept(accept);
        String token = tokens.token();
        if (token != null) {
            spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (request.body() == null) {
            return spec;
        }
        return spec.header(HttpHeaders.CONTENT_TYPE, request.contentType()).bodyValue(request.body());
    }

    private static ApiException error(ClientResponse response, byte[] body) {
        return ResponseErrors.toException(
                response.statusCode().value(),
                response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER),
                body);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static long elapsed(long started) {
        return System.nanoTime() - started;
    }
}
