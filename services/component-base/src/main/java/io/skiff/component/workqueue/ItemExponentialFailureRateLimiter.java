package io.skiff.component.workqueue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-item exponential backoff: the n-th consecutive failure of an item waits {@code base × 2^(n-1)},
 * capped at {@code max}. client-go's controllers use 5 ms doubling to 1000 s.
 */
public final class ItemExponentialFailureRateLimiter<K> implements RateLimiter<K> {

    private final long baseNanos;
    private final long maxNanos;
    private final Map<K, Integer> failures = new ConcurrentHashMap<>();

    public ItemExponentialFailureRateLimiter(Duration base, Duration max) {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= max, got " + base + " and " + max);
        }
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    @Override
    public Duration when(K item) {
        int previousFailures = failures.merge(item, 1, Integer::sum) - 1;
        double backoff = baseNanos * Math.pow(2, previousFailures);
        return Duration.ofNanos(backoff >= maxNanos ? maxNanos : (long) backoff);
    }

    @Override
    public void forget(K item) {
        failures.remove(item);
    }

    @Override
    public int numRequeues(K item) {
        return failures.getOrDefault(item, 0);
    }
}
