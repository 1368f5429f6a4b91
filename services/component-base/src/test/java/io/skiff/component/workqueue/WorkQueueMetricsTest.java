package io.skiff.component.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WorkQueueMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void exposesClientGosWorkqueueMetricsTaggedWithTheQueueName() throws InterruptedException {
        WorkQueue<String> queue =
                WorkQueue.<String>builder("deployments").meterRegistry(registry).build();
        queue.add("a");
        queue.add("a");
        queue.add("b");
        queue.add("c");
        String first = queue.get(Duration.ofSeconds(5)).orElseThrow();
        queue.done(first);
        queue.addRateLimited(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.len() == 3);
        String second = queue.get(Duration.ofSeconds(5)).orElseThrow();
        Thread.sleep(30);

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("workqueue_depth{name=\"deployments\"} 2.0")
                .contains("workqueue_adds_total{name=\"deployments\"} 4.0")
                .contains("workqueue_retries_total{name=\"deployments\"} 1.0")
                .contains("workqueue_queue_duration_seconds_count{name=\"deployments\"} 2")
                .contains("workqueue_queue_duration_seconds_bucket{name=\"deployments\",le=\"1.0E-8\"}")
                .contains("workqueue_queue_duration_seconds_bucket{name=\"deployments\",le=\"10.0\"}")
                .contains("workqueue_work_duration_seconds_count{name=\"deployments\"} 1")
                .contains("workqueue_unfinished_work_seconds{name=\"deployments\"}")
                .contains("workqueue_longest_running_processor_seconds{name=\"deployments\"}");
        assertThat(registry.get("workqueue.longest.running.processor").gauge().value())
                .as("%s has been processed for 30 ms", second)
                .isGreaterThanOrEqualTo(0.03);
        assertThat(registry.get("workqueue.unfinished.work").gauge().value()).isGreaterThanOrEqualTo(0.03);

        queue.done(second);
        assertThat(registry.get("workqueue.longest.running.processor").gauge().value())
                .isZero();
        queue.shutDown();
        assertThat(registry.find("workqueue.depth").gauge())
                .as("gauges go with the queue")
                .isNull();
    }
}
