package io.skiff.kubelet.pods;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The "pods" health contributor, part of the kubelet's readiness: UP once the informer of the pods
 * bound to the node has listed them, so the kubelet knows what it should run.
 */
public final class PodsHealthIndicator implements HealthIndicator {

    private final PodLifecycle lifecycle;

    public PodsHealthIndicator(PodLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Health health() {
        boolean synced = lifecycle.podsSynced();
        return (synced ? Health.up() : Health.down())
                .withDetail("informerSynced", synced)
                .withDetail("pods", lifecycle.podCount())
                .build();
    }
}
