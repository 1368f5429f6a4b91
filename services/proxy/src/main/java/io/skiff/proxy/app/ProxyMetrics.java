package io.skiff.proxy.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.skiff.proxy.sync.SyncObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * kube-proxy's metrics under their Prometheus names: kubeproxy_sync_proxy_rules_duration_seconds
 * (every sync), kubeproxy_sync_full_proxy_rules_duration_seconds and
 * kubeproxy_sync_partial_proxy_rules_duration_seconds, kubeproxy_network_programming_duration_seconds
 * (from an EndpointSlice's endpoints.kubernetes.io/last-change-trigger-time to the sync that
 * applied it), kubeproxy_sync_proxy_rules_last_timestamp_seconds (the last successful sync),
 * kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds and
 * kubeproxy_sync_proxy_rules_iptables_restore_failures_total.
 */
final class ProxyMetrics implements SyncObserver {

    private static final Duration[] SYNC_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4), Duration.ofMillis(8),
        Duration.ofMillis(16), Duration.ofMillis(32), Duration.ofMillis(64), Duration.ofMillis(128),
        Duration.ofMillis(256), Duration.ofMillis(512), Duration.ofMillis(1024), Duration.ofMillis(2048),
        Duration.ofMillis(4096), Duration.ofMillis(8192), Duration.ofMillis(16384)
    };

    /** kube-proxy's 0.25 s steps below a second, refined further down, where Skiff aims to be. */
    private static final Duration[] PROGRAMMING_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)
    };

    private final Clock clock;
    private final Timer syncDuration;
    private final Timer fullSyncDuration;
    private final Timer partialSyncDuration;
    private final Timer networkProgramming;
    private final Counter restoreFailures;
    private final AtomicLong lastSyncMillis = new AtomicLong();
    private final AtomicLong lastQueuedMillis = new AtomicLong();
    private final ProxyHealth health;

    ProxyMetrics(MeterRegistry registry, Clock clock, ProxyHealth health) {
        this.clock = clock;
        this.health = health;
        this.syncDuration =
                timer(registry, "kubeproxy.sync.proxy.rules.duration", "One sync of the proxy rules", SYNC_BUCKETS);
        this.fullSyncDuration = timer(
                registry, "kubeproxy.sync.full.proxy.rules.duration", "One full sync of the proxy rules", SYNC_BUCKETS);
        this.partialSyncDuration = timer(
                registry,
                "kubeproxy.sync.partial.proxy.rules.duration",
                "One partial sync of the proxy rules",
                SYNC_BUCKETS);
        this.networkProgramming = timer(
                registry,
                "kubeproxy.network.programming.duration",
                "From an endpoint change (the EndpointSlice's last-change-trigger-time) to the rules applied",
                PROGRAMMING_BUCKETS);
        this.restoreFailures = Counter.builder("kubeproxy.sync.proxy.rules.iptables.restore.failures")
                .description("iptables-restore runs that failed")
                .register(registry);
        Gauge.builder("kubeproxy.sync.proxy.rules.last.timestamp.seconds", lastSyncMillis, v -> v.get() / 1000.0)
                .description("When the proxy rules were last synced successfully (Unix seconds)")
                .register(registry);
        Gauge.builder(
                        "kubeproxy.sync.proxy.rules.last.queued.timestamp.seconds",
                        lastQueuedMillis,
                        v -> v.get() / 1000.0)
                .description("When a change to the proxy rules was last queued (Unix seconds)")
                .register(registry);
    }

    @Override
    public void synced(Duration took, boolean fullSync, List<Instant> triggerTimes) {
        syncDuration.record(took);
        (fullSync ? fullSyncDuration : partialSyncDuration).record(took);
        Instant now = clock.instant();
        for (Instant trigger : triggerTimes) {
            Duration latency = Duration.between(trigger, now);
            networkProgramming.record(latency.isNegative() ? Duration.ZERO : latency);
        }
        lastSyncMillis.set(now.toEpochMilli());
        health.updated(now);
    }

    @Override
    public void failed(Duration took, boolean fullSync, boolean restoreFailed, Exception cause) {
        syncDuration.record(took);
        if (restoreFailed) {
            restoreFailures.increment();
        }
        health.failed(clock.instant(), cause.getMessage());
    }

    @Override
    public void queued() {
        Instant now = clock.instant();
        lastQueuedMillis.set(now.toEpochMilli());
        health.queued(now);
    }

    private static Timer timer(MeterRegistry registry, String name, String description, Duration[] buckets) {
        return Timer.builder(name)
                .description(description)
                .serviceLevelObjectives(buckets)
                .register(registry);
    }
}
