package io.skiff.component.runtime;

import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The "informers" health contributor, part of every component's readiness group: a component whose
 * caches have not had their first list yet would act on a partial picture of the cluster (a
 * scheduler placing pods on nodes it has not heard of, a proxy dropping rules of Services not yet
 * listed), so it is not ready until each informer it started has synced. Details give each
 * informer's state and the resource version it last listed or watched at.
 */
public final class InformersHealthIndicator implements HealthIndicator {

    private final SharedInformerFactory informers;

    public InformersHealthIndicator(SharedInformerFactory informers) {
        this.informers = informers;
    }

    @Override
    public Health health() {
        List<SharedIndexInformer<?>> started = informers.started();
        Map<String, String> states = new TreeMap<>();
        boolean synced = true;
        for (SharedIndexInformer<?> informer : started) {
            boolean informerSynced = informer.hasSynced();
            synced &= informerSynced;
            states.put(
                    informer.name(),
                    informerSynced ? "synced at " + informer.lastSyncResourceVersion() : "waiting for its first list");
        }
        return (synced ? Health.up() : Health.outOfService())
                .withDetail("informers", states)
                .build();
    }
}
