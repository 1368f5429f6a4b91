package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class InFlightLimiterTest {

    private final InFlightLimiter limiter = new InFlightLimiter(1, 1);

    @Test
    void aWriteBeyondTheLimitGets429WithRetryAfter() {
        Sinks.Empty<Void> slow = Sinks.empty();
        WebFilterChain hanging = exchange -> slow.asMono();
        limiter.filter(exchange(MockServerHttpRequest.post("/api/v1/namespaces/a/configmaps")), hanging)
                .subscribe();
        assertThat(limiter.inFlightMutating()).isEqualTo(1);

        MockServerWebExchange second = exchange(MockServerHttpRequest.post("/api/v1/namespaces/a/configmaps"));
        limiter.filter(second, hanging).block(Duration.ofSeconds(1));
        assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(second.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(second.getResponse().getBodyAsString().block())
                .contains("\"reason\":\"TooManyRequests\"")
                .contains("\"code\":429");

        // Reads have their own budget, and watches are not counted at all.
        MockServerWebExchange read = exchange(MockServerHttpRequest.get("/api/v1/namespaces/a/configmaps"));
        limiter.filter(read, exchange -> Mono.empty()).block(Duration.ofSeconds(1));
        assertThat(read.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        slow.tryEmitEmpty();
        assertThat(limiter.inFlightMutating()).isZero();
    }

    @Test
    void watchesAndNonApiPathsAreNotLimited() {
        Sinks.Empty<Void> open = Sinks.empty();
        for (int i = 0; i < 5; i++) {
            MockServerWebExchange watch = exchange(MockServerHttpRequest.get("/api/v1/pods?watch=true"));
            limiter.filter(watch, exchange -> open.asMono()).subscribe();
            assertThat(watch.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        }
        assertThat(limiter.inFlightReadOnly()).isZero();
        MockServerWebExchange health = exchange(MockServerHttpRequest.get("/readyz"));
        limiter.filter(health, exchange -> Mono.empty()).block(Duration.ofSeconds(1));
        assertThat(health.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void execAndLogStreamsAreLongRunningAndNotLimited() {
        Sinks.Empty<Void> open = Sinks.empty();
        for (String path :
                List.of("/api/v1/namespaces/a/pods/p/exec?command=sh", "/api/v1/namespaces/a/pods/p/log?follow=true")) {
            for (int i = 0; i < 3; i++) {
                MockServerWebExchange stream = exchange(MockServerHttpRequest.get(path));
                limiter.filter(stream, exchange -> open.asMono()).subscribe();
                assertThat(stream.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            }
        }
        assertThat(limiter.inFlightReadOnly()).isZero();
    }

    private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
        return MockServerWebExchange.from(request);
    }
}
