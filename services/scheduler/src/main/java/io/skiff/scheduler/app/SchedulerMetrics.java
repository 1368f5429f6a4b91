package io.skiff.scheduler.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.skiff.scheduler.core.SchedulingMetrics;
import io.skiff.scheduler.queue.QueueMetrics;
import io.skiff.scheduler.queue.QueueSizes;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToIntFunction;

/**
 * kube-scheduler's metrics under their Prometheus names: scheduler_schedule_attempts_total and
 * scheduler_scheduling_attempt_duration_seconds by result and profile,
 * scheduler_pod_scheduling_sli_duration_seconds (first queued to bound, the end-to-end figure),
 * scheduler_preemption_victims_total, scheduler_queue_incoming_pods_total by queue and event, and scheduler_pending_pods by queue.
 */
final class SchedulerMetrics implements SchedulingMetrics, QueueMetrics {

    private static final Duration[] SLOS = {
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(60)
    };

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> attempts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> attemptDurations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> incoming = new ConcurrentHashMap<>();
    private final Counter preemptionVictims;
    private final Timer endToEnd;

    SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.endToEnd = Timer.builder("scheduler.pod.scheduling.sli.duration")
                .description("From a pod's first entry into the scheduling queue to its successful binding")
                .serviceLevelObjectives(SLOS)
                .register(registry);
        this.preemptionVictims = Counter.builder("scheduler.preemption.victims")
                .description("Pods deleted to make room for higher-priority pods")
                .register(registry);
    }

    @Override
    public void attempt(String result, String profile, Duration took) {
        String key = result + "/" + profile;
        attempts.computeIfAbsent(
                        key,
                        k -> Counter.builder("scheduler.schedule.attempts")
                                .description("Scheduling attempts by result")
                                .tag("result", result)
                                .tag("profile", profile)
                                .register(registry))
                .increment();
        attemptDurations
                .computeIfAbsent(
                        key,
                        k -> Timer.builder("scheduler.scheduling.attempt.duration")
                                .description(
                                        "One scheduling attempt: the algorithm and the assumption, not the binding")
                                .tag("result", result)
                                .tag("profile", profile)
                                .serviceLevelObjectives(SLOS)
                                .register(registry))
                .record(took);
    }

    @Override
    public void podScheduled(String profile, Duration sinceFirstAttempt, int attempts) {
        endToEnd.record(sinceFirstAttempt);
    }

    @Override
    public void podEntered(String queue, String event) {
        incoming.computeIfAbsent(
                        queue + "/" + event,
                        k -> Counter.builder("scheduler.queue.incoming.pods")
                                .description(
                                        "Pods added to the scheduling queues, by queue and the event that moved them")
                                .tag("queue", queue)
                                .tag("event", event)
                                .register(registry))
                .increment();
    }

    /** scheduler_preemption_victims_total: pods deleted to make room for higher-priority ones. */
    void preemptionVictim() {
        preemptionVictims.increment();
    }

    /** scheduler_pending_pods{queue}: read from the queue whenever metrics are scraped. */
    void watchQueue(SchedulingQueue queue) {
        Map<String, ToIntFunction<QueueSizes>> sizes = Map.of(
                "active", QueueSizes::active,
                "backoff", QueueSizes::backoff,
                "unschedulable", QueueSizes::unschedulable,
                "gated", QueueSizes::gated);
        sizes.forEach((name, size) -> Gauge.builder("scheduler.pending.pods", queue, q -> size.applyAsInt(q.sizes()))
                .description("Pending pods by sub-queue")
                .tag("queue", name)
                .register(registry));
    }
}
