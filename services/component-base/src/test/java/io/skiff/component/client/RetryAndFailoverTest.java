package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.skiff.component.resilience.Failures;
import io.skiff.model.api.ApiException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

/**
 * Retries, Retry-After, circuit breakers and metrics against scripted servers, for the replies a
 * real API server does not give on demand.
 */
class RetryAndFailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeApiServer first = new FakeApiServer(FakeApiServer.Reply.json(200, FakeApiServer.CONFIG_MAP));
    private final FakeApiServer second = new FakeApiServer(FakeApiServer.Reply.json(200, FakeApiServer.CONFIG_MAP));

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    private static ApiClientProperties fastRetries(String... urls) {
        return ApiClientProperties.defaults()
                .withUrls(urls)
                .withRetry(new ApiClientProperties.RetrySettings(4, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private static ConfigMap configMap() {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName("a")
                .withNamespace("ns")
                .endMetadata()
                .addToData("k", "v")
                .build();
    }

    @Test
    void aReadWaitsOutRetryAfterOn429ThenSucceeds() {
        first.then(FakeApiServer.status(429, "TooManyRequests").withHeader("Retry-After", "1"));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (KubeClient client = KubeClient.create(fastRetries(first.url()), WebClient.builder(), meters)) {
            long started = System.nanoTime();
            StepVerifier.create(client.resources(ConfigMap.class).get("ns", "a"))
                    .assertNext(cm -> assertThat(cm.getData()).containsEntry("k", "v"))
                    .expectComplete()
                    .verify(WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
        assertThat(first.requests())
                .containsExactly("GET /api/v1/namespaces/ns/configmaps/a", "GET /api/v1/namespaces/ns/configmaps/a");
        String scrape = meters.scrape();
        String host = "host=\"" + first.authority() + "\"";
        assertThat(scrape)
                .contains("rest_client_requests_total{code=\"429\"," + host + ",method=\"GET\"} 1.0")
                .contains("rest_client_requests_total{code=\"200\"," + host + ",method=\"GET\"} 1.0")
                .contains("rest_client_request_duration_seconds_bucket{" + host + ",verb=\"GET\",le=\"0.005\"}")
                .contains("rest_client_request_duration_seconds_count{" + host + ",verb=\"GET\"} 2")
                .contains("rest_client_rate_limiter_duration_seconds_count{" + host + ",verb=\"GET\"} 2");
    }

    @Test
    void aWriteIsRetriedWhenTheServerShedItWithRetryAfter() {
        first.then(FakeApiServer.status(503, "ServiceUnavailable").withHeader("Retry-After", "1"));
        try (KubeClient client = KubeClient.create(fastRetries(first.url()))) {
            StepVerifier.create(client.resources(ConfigMap.class).create(configMap()))
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(WAIT);
        }
        assertThat(first.requests()).hasSize(2);
    }

    @Test
    void aReadIsRetriedAfterServerErrorsWithBackoff() {
        first.then(FakeApiServer.status(503, "ServiceUnavailable"), FakeApiServer.Reply.json(500, "oops"));
        try (KubeClient client = KubeClient.create(fastRetries(first.url()))) {
            StepVerifier.create(client.resources(ConfigMap.class).get("ns", "a"))
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(WAIT);
        }
        assertThat(first.requests()).hasSize(3);
    }

    @Test
    void aWriteThatMayHaveBeenAppliedIsNotRetried() {
        first.then(FakeApiServer.status(500, "InternalError"), FakeApiServer.status(504, "Timeout"));
        try (KubeClient client = KubeClient.create(fastRetries(first.url()))) {
            StepVerifier.create(client.resources(ConfigMap.class).create(configMap()))
                    .expectErrorSatisfies(
                            error -> assertThat(((ApiException) error).code()).isEqualTo(500))
                    .verify(WAIT);
            StepVerifier.create(client.resources(ConfigMap.class).update(configMap()))
                    .expectErrorSatisfies(
                            error -> assertThat(((ApiException) error).code()).isEqualTo(504))
                    .verify(WAIT);
        }
        assertThat(first.requests())
                .containsExactly("POST /api/v1/namespaces/ns/configmaps", "PUT /api/v1/namespaces/ns/configmaps/a");
    }

    @Test
    void aConflictIsNeverRetried() {
        first.fallback(FakeApiServer.status(409, "Conflict"));
        try (KubeClient client = KubeClient.create(fastRetries(first.url()))) {
            StepVerifier.create(client.resources(ConfigMap.class).update(configMap()))
                    .expectErrorSatisfies(
                            error -> assertThat(ApiErrors.isConflict(error)).isTrue())
                    .verify(WAIT);
            StepVerifier.create(client.resources(ConfigMap.class).get("ns", "a"))
                    .expectErrorSatisfies(
                            error -> assertThat(ApiErrors.isConflict(error)).isTrue())
                    .verify(WAIT);
        }
        assertThat(first.requests()).hasSize(2);
    }

    @Test
    void anEvictionRefusedByADisruptionBudgetGoesStraightToTheCaller() {
        first.fallback(FakeApiServer.status(429, "TooManyRequests").withHeader("Retry-After", "10"));
        try (KubeClient client = KubeClient.create(fastRetries(first.url()))) {
            StepVerifier.create(client.pods()
                            .evict(new EvictionBuilder()
                                    .withNewMetadata()
                                    .withName("web")
                                    .withNamespace("ns")
                                    .endMetadata()
                                    .build()))
                    .expectErrorSatisfies(error ->
                            assertThat(ApiErrors.isTooManyRequests(error)).isTrue())
                    .verify(WAIT);
        }
        assertThat(first.requests()).containsExactly("POST /api/v1/namespaces/ns/pods/web/eviction");
    }

    @Test
    void aFailingServersBreakerOpensAndClosesAgainWhenItRecovers() {
        first.fallback(FakeApiServer.status(503, "ServiceUnavailable"));
        ApiClientProperties properties = fastRetries(first.url(), second.url())
                .withCircuitBreaker(
                        new ApiClientProperties.CircuitBreakerSettings(50f, Duration.ofMillis(300), 4, 2, 2));
        URI failing = URI.create(first.url());
        try (KubeClient client = KubeClient.create(properties)) {
            for (int i = 0; i < 8; i++) {
                StepVerifier.create(client.resources(ConfigMap.class).get("ns", "a"))
                        .expectNextCount(1)
                        .expectComplete()
                        .verify(WAIT);
            }
            assertThat(client.endpointStates())
                    .containsEntry(failing, CircuitBreaker.State.OPEN)
                    .containsEntry(URI.create(second.url()), CircuitBreaker.State.CLOSED);
            int whileOpen = first.requests().size();
            for (int i = 0; i < 4; i++) {
                client.resources(ConfigMap.class).get("ns", "a").block(WAIT);
            }
            assertThat(first.requests()).as("an open breaker keeps calls away").hasSize(whileOpen);

            first.fallback(FakeApiServer.Reply.json(200, FakeApiServer.CONFIG_MAP));
            sleep(Duration.ofMillis(400));
            AtomicInteger calls = new AtomicInteger();
            while (client.endpointStates().get(failing) != CircuitBreaker.State.CLOSED
                    && calls.incrementAndGet() < 20) {
                client.resources(ConfigMap.class).get("ns", "a").block(WAIT);
            }
            assertThat(client.endpointStates()).containsEntry(failing, CircuitBreaker.State.CLOSED);
            assertThat(first.requests()).hasSizeGreaterThan(whileOpen);
        }
    }

    @Test
    void aWriteWhoseConnectionDiesBeforeTheAnswerIsSentNowhereElse() {
        first.then(FakeApiServer.Reply.dropConnection());
        try (KubeClient client = KubeClient.create(fastRetries(first.url(), second.url()))) {
            StepVerifier.create(client.resources(ConfigMap.class).create(configMap()))
                    .expectErrorSatisfies(error -> {
                        assertThat(Failures.isTransportFailure(error)).isTrue();
                        assertThat(Failures.nothingSent(error))
                                .as("the outcome is unknown, not 'nothing sent'")
                                .isFalse();
                    })
                    .verify(WAIT);
        }
        assertThat(first.requests())
                .as("the create reached the first server once")
                .containsExactly("POST /api/v1/namespaces/ns/configmaps");
        assertThat(second.requests())
                .as("a create that may have been applied is not repeated on another server")
                .isEmpty();
    }

    @Test
    void aWriteToAServerThatRefusesConnectionsGoesToTheNextOneWithinTheCall() {
        String dead = first.url();
        first.close();
        try (KubeClient client = KubeClient.create(fastRetries(dead, second.url()))) {
            for (int i = 0; i < 4; i++) {
                StepVerifier.create(client.resources(ConfigMap.class).create(configMap()))
                        .expectNextCount(1)
                        .expectComplete()
                        .verify(WAIT);
            }
        }
        assertThat(second.requests())
                .as("every create went to the live server, once")
                .containsExactly(
                        "POST /api/v1/namespaces/ns/configmaps",
                        "POST /api/v1/namespaces/ns/configmaps",
                        "POST /api/v1/namespaces/ns/configmaps",
                        "POST /api/v1/namespaces/ns/configmaps");
    }

    @Test
    void connectionsRefusedEverywhereEndInTheRefusal() {
        String dead = first.url();
        first.close();
        try (KubeClient client = KubeClient.create(fastRetries(dead))) {
            StepVerifier.create(client.resources(ConfigMap.class).get("ns", "a"))
                    .expectErrorSatisfies(
                            error -> assertThat(error).hasRootCauseInstanceOf(java.net.ConnectException.class))
                    .verify(WAIT);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
