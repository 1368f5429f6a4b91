package io.skiff.component.workqueue;

import java.time.Duration;

/** The rate limiters controllers use unless they have a reason not to. */
public final class RateLimiters {

    private RateLimiters() {}

    /**
     * client-go's DefaultControllerRateLimiter: the longer of a per-item backoff (5 ms doubling to
     * 1000 s) and an overall bucket of 10 qps with a burst of 100, so that one failing item backs off
     * alone while a storm of failures is throttled as a whole.
     */
    public static <K> RateLimiter<K> defaultControllerRateLimiter() {
        return new MaxOfRateLimiter<>(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new BucketRateLimiter<>(10, 100));
    }
}
