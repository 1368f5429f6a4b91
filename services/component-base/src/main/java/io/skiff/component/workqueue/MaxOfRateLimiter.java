package io.skiff.component.workqueue;

import java.time.Duration;
import java.util.List;

/** The longest wait any of several limiters asks for; each of them records the failure. */
public final class MaxOfRateLimiter<K> implements RateLimiter<K> {

    private final List<RateLimiter<K>> limiters;

    @SafeVarargs
    public MaxOfRateLimiter(RateLimiter<K>... limiters) {
        if (limiters.length == 0) {
            throw new IllegalArgumentException("need at least one rate limiter");
        }
        this.limiters = List.of(limiters);
    }

    @Override
    public Duration when(K item) {
        Duration longest = Duration.ZERO;
        for (RateLimiter<K> limiter : limiters) {
            Duration wait = limiter.when(item);
            if (wait.compareTo(longest) > 0) {
                longest = wait;
            }
        }
        return longest;
    }

    @Override
    public void forget(K item) {
        limiters.forEach(limiter -> limiter.forget(item));
    }

    @Override
    public int numRequeues(K item) {
        int most = 0;
        for (RateLimiter<K> limiter : limiters) {
            most = Math.max(most, limiter.numRequeues(item));
        }
        return most;
    }
}
