package io.skiff.component.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * client-go's REST client metrics. Micrometer's dotted names come out in Prometheus exactly as
 * client-go names them: {@code rest_client_requests_total{code,method,host}},
 * {@code rest_client_request_duration_seconds{verb,host}} and
 * {@code rest_client_rate_limiter_duration_seconds{verb,host}}, with client-go's buckets.
 */
final class ClientMetrics {

    /** What the code label says when no reply came back, as in client-go. */
    static final String NO_RESPONSE = "<error>";

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(25),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(4),
        Duration.ofSeconds(8),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60)
    };

    private final MeterRegistry registry;

    /** @param registry where to record, or null to record nothing */
    ClientMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One HTTP exchange with one server, retries counted separately. */
    void request(String method, String host, String code, long nanos) {
        if (registry == null) {
            return;
        }
        Counter.builder("rest.client.requests")
                .description("Number of HTTP requests, partitioned by status code, method, and host.")
                .tags("code", code, "method", method, "host", host)
                .register(registry)
                .increment();
        Timer.builder("rest.client.request.duration")
                .description("Request latency in seconds. Broken down by verb, and host.")
                .tags("verb", method, "host", host)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** How long a request waited for the client-side rate limiter. */
    void rateLimiterWait(String method, String host, Duration wait) {
        if (registry == null) {
            return;
        }
        Timer.builder("rest.client.rate.limiter.duration")
                .description("Client side rate limiter latency in seconds. Broken down by verb, and host.")
                .tags("verb", method, "host", host)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(wait);
    }
}
