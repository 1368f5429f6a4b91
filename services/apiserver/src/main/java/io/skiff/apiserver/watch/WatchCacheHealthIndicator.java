package io.skiff.apiserver.watch;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Ready once the watch cache holds the registry; reports how far it has got. */
public final class WatchCacheHealthIndicator implements HealthIndicator {

    private final WatchCache cache;

    public WatchCacheHealthIndicator(WatchCache cache) {
        this.cache = cache;
    }

    @Override
    public Health health() {
        Health.Builder builder = cache.isLoaded() ? Health.up() : Health.down();
        return builder.withDetail("revision", cache.revision())
                .withDetail("watchers", cache.watcherCount())
                .build();
    }
}
