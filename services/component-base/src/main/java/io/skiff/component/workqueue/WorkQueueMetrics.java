package io.skiff.component.workqueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * client-go's workqueue metrics under their Prometheus names, tagged {@code name=<queue>}:
 * workqueue_depth, workqueue_adds_total, workqueue_queue_duration_seconds,
 * workqueue_work_duration_seconds, workqueue_retries_total, workqueue_unfinished_work_seconds and
 * workqueue_longest_running_processor_seconds. The two durations are histograms with client-go's
 * buckets (10 ns to 10 s, by powers of ten).
 */
final class WorkQueueMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofNanos(10),
        Duration.ofNanos(100),
        Duration.ofNanos(1_000),
        Duration.ofNanos(10_000),
        Duration.ofNanos(100_000),
        Duration.ofMillis(1),
        Duration.ofMillis(10),
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;
    private final Counter adds;
    private final Counter retries;
    private final Timer queueDuration;
    private final Timer workDuration;
    private final List<Gauge> gauges;

    <Q> WorkQueueMetrics(
            MeterRegistry registry,
            String queueName,
            Q queue,
            ToDoubleFunction<Q> depth,
            ToDoubleFunction<Q> unfinishedWorkSeconds,
            ToDoubleFunction<Q> longestRunningSeconds) {
        this.registry = registry;
        this.adds = Counter.builder("workqueue.adds")
                .description("Total number of adds handled by the workqueue")
                .tag("name", queueName)
                .register(registry);
        this.retries = Counter.builder("workqueue.retries")
                .description("Total number of retries handled by the workqueue")
                .tag("name", queueName)
                .register(registry);
        this.queueDuration = Timer.builder("workqueue.queue.duration")
                .description("How long an item stays in the workqueue before being requested")
                .tag("name", queueName)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        this.workDuration = Timer.builder("workqueue.work.duration")
                .description("How long processing an item from the workqueue takes")
                .tag("name", queueName)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        this.gauges = List.of(
                Gauge.builder("workqueue.depth", queue, depth)
                        .description("Current depth of the workqueue")
                        .tag("name", queueName)
                        .register(registry),
                Gauge.builder("workqueue.unfinished.work", queue, unfinishedWorkSeconds)
                        .description("Seconds of work in progress that has not been observed by"
                                + " work_duration; large values indicate stuck threads")
                        .baseUnit("seconds")
                        .tag("name", queueName)
                        .register(registry),
                Gauge.builder("workqueue.longest.running.processor", queue, longestRunningSeconds)
                        .description("How many seconds the longest running processor has been running")
                        .baseUnit("seconds")
                        .tag("name", queueName)
                        .register(registry));
    }

    void added() {
        adds.increment();
    }

    void retried() {
        retries.increment();
    }

    void handedOut(long queuedNanos) {
        queueDuration.record(Duration.ofNanos(queuedNanos));
    }

    void finished(long workNanos) {
        workDuration.record(Duration.ofNanos(workNanos));
    }

    /**
     * Unregisters the gauges, which would otherwise keep reading this queue after a new queue of the
     * same name replaces it. Counters and timers stay: a successor continues them.
     */
    void close() {
        gauges.forEach(registry::remove);
    }
}
