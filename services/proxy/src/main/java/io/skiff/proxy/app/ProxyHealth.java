package io.skiff.proxy.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The "proxy" health contributor, with kube-proxy's healthz semantics: unhealthy when a change has
 * waited longer than the health timeout (twice the sync period) without a successful sync applying
 * it; a quiet proxy with nothing to apply stays healthy however long ago it last synced. The proxy
 * queues one change at start, so one that never manages a first sync turns unhealthy too.
 */
final class ProxyHealth implements HealthIndicator {

    private final Clock clock;
    private final Duration timeout;
    private final String mode;
    private Instant lastUpdated;
    private Instant oldestPendingQueued;
    private String lastError;

    ProxyHealth(Clock clock, Duration timeout, String mode) {
        this.clock = clock;
        this.timeout = timeout;
        this.mode = mode;
        this.oldestPendingQueued = clock.instant();
    }

    synchronized void queued(Instant at) {
        if (oldestPendingQueued == null) {
            oldestPendingQueued = at;
        }
    }

    synchronized void updated(Instant at) {
        lastUpdated = at;
        oldestPendingQueued = null;
        lastError = null;
    }

    synchronized void failed(Instant at, String error) {
        lastError = error;
    }

    /** kube-proxy's Health().Healthy, which the service health checks report. */
    synchronized boolean healthy() {
        return healthyAt(clock.instant());
    }

    private boolean healthyAt(Instant now) {
        return oldestPendingQueued == null
                || Duration.between(oldestPendingQueued, now).compareTo(timeout) < 0;
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        boolean healthy = healthyAt(now);
        Health.Builder builder = healthy ? Health.up() : Health.down();
        builder.withDetail("mode", mode)
                .withDetail("lastUpdated", lastUpdated == null ? "" : lastUpdated.toString())
                .withDetail("currentTime", now.toString());
        if (oldestPendingQueued != null) {
            builder.withDetail("oldestPendingQueued", oldestPendingQueued.toString());
        }
        if (lastError != null) {
            builder.withDetail("lastError", lastError);
        }
        return builder.build();
    }
}
