package io.skiff.apiserver.watch;

import io.skiff.apiserver.storage.ChangeFeed;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Ready once the watch cache holds the registry and the change feed keeps it current; down while
 * PostgreSQL cannot be reached (the cache would serve stale data and writes would fail). Reports
 * how far the cache has got.
 */
public final class WatchCacheHealthIndicator implements HealthIndicator {

    private final WatchCache cache;
    private final ChangeFeed feed;

    public WatchCacheHealthIndicator(WatchCache cache, ChangeFeed feed) {
        this.cache = cache;
        this.feed = feed;
    }

    @Override
    public Health health() {
        boolean following = feed.following();
        Health.Builder builder = cache.isLoaded() && following ? Health.up() : Health.down();
        return builder.withDetail("revision", cache.revision())
                .withDetail("watchers", cache.watcherCount())
                .withDetail("changeFeed", following ? "following" : "disconnected")
                .build();
    }
}
