package io.skiff.kubelet.pods;

import io.skiff.model.time.KubeTimes;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The "pleg" health contributor, the kubelet's liveness: UP while the PLEG's last successful relist
 * is at most three minutes old (GenericPLEG.Healthy), DOWN with the kubelet's message ("pleg was
 * last seen active 3m12s ago; threshold is 3m0s") otherwise.
 */
public final class PlegHealthIndicator implements HealthIndicator {

    private final PodLifecycle lifecycle;

    public PlegHealthIndicator(PodLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Health health() {
        Pleg.Health pleg = lifecycle.plegHealth();
        Health.Builder builder = pleg.healthy() ? Health.up() : Health.down().withDetail("message", pleg.message());
        return builder.withDetail(
                        "lastRelistTime", pleg.lastRelist() == null ? "" : KubeTimes.microTime(pleg.lastRelist()))
                .withDetail("relistThreshold", GoDurations.format(Pleg.RELIST_THRESHOLD))
                .build();
    }
}
