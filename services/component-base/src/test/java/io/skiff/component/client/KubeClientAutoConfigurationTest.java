package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class KubeClientAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KubeClientAutoConfiguration.class));

    @Test
    void withoutSettingsTheClientUsesTheDocumentedDefaults() {
        runner.run(context -> {
            ApiClientProperties properties = context.getBean(KubeClient.class).properties();
            assertThat(properties).isEqualTo(ApiClientProperties.defaults());
            assertThat(properties.urls()).containsExactly(URI.create("http://127.0.0.1:6443"));
            assertThat(properties.qps()).isEqualTo(50.0);
            assertThat(properties.burst()).isEqualTo(100);
            assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.maxResponseSize()).isEqualTo(DataSize.ofMegabytes(64));
            assertThat(properties.retry().maxAttempts()).isEqualTo(5);
            assertThat(properties.circuitBreaker().failureRateThreshold()).isEqualTo(50f);
            assertThat(properties.circuitBreaker().waitInOpenState()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void skiffApiserverPropertiesConfigureTheClient() {
        runner.withPropertyValues(
                        "skiff.apiserver.urls=http://127.0.0.1:7001,http://127.0.0.1:7002",
                        "skiff.apiserver.qps=5",
                        "skiff.apiserver.burst=10",
                        "skiff.apiserver.request-timeout=5s",
                        "skiff.apiserver.max-response-size=8MB",
                        "skiff.apiserver.retry.max-attempts=2",
                        "skiff.apiserver.retry.initial-backoff=50ms",
                        "skiff.apiserver.circuit-breaker.failure-rate-threshold=25",
                        "skiff.apiserver.circuit-breaker.wait-in-open-state=3s",
                        "skiff.apiserver.bearer-token=abcdef.0123456789abcdef")
                .run(context -> {
                    KubeClient client = context.getBean(KubeClient.class);
                    ApiClientProperties properties = client.properties();
                    assertThat(properties.urls())
                            .containsExactly(URI.create("http://127.0.0.1:7001"), URI.create("http://127.0.0.1:7002"));
                    assertThat(properties.qps()).isEqualTo(5.0);
                    assertThat(properties.burst()).isEqualTo(10);
                    assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.maxResponseSize()).isEqualTo(DataSize.ofMegabytes(8));
                    assertThat(properties.retry().maxAttempts()).isEqualTo(2);
                    assertThat(properties.retry().initialBackoff()).isEqualTo(Duration.ofMillis(50));
                    assertThat(properties.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.circuitBreaker().failureRateThreshold())
                            .isEqualTo(25f);
                    assertThat(properties.circuitBreaker().waitInOpenState()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(properties.circuitBreaker().minimumNumberOfCalls())
                            .isEqualTo(5);
                    assertThat(properties.bearerToken()).isEqualTo("abcdef.0123456789abcdef");
                    assertThat(client.endpointStates()).hasSize(2);
                });
    }

    @Test
    void breakerMetricsGoToTheApplicationsRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("skiff.apiserver.urls=http://127.0.0.1:7001")
                .run(context -> assertThat(context.getBean(MeterRegistry.class)
                                .find("resilience4j.circuitbreaker.state")
                                .tag("name", "127.0.0.1:7001")
                                .gauges())
                        .isNotEmpty());
    }

    @Test
    void anApplicationsOwnClientWins() {
        KubeClient own = KubeClient.create(
                ApiClientProperties.defaults().withUrls(List.of(URI.create("http://127.0.0.1:7009"))));
        runner.withBean(KubeClient.class, () -> own)
                .run(context -> assertThat(context.getBean(KubeClient.class)).isSameAs(own));
    }
}
