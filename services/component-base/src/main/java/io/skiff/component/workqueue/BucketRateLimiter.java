package io.skiff.component.workqueue;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * An overall token bucket over all items (golang.org/x/time/rate, as client-go's
 * BucketRateLimiter): {@code burst} attempts at once, then {@code qps} per second. Each call
 * reserves a token and answers how long until it is available. It tracks no items.
 */
public final class BucketRateLimiter<K> implements RateLimiter<K> {

    private final double qps;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastNanos;

    public BucketRateLimiter(double qps, int burst) {
        this(qps, burst, System::nanoTime);
    }

    /** With a clock of its own, for tests and simulations. */
    BucketRateLimiter(double qps, int burst, LongSupplier nanoClock) {
        if (qps <= 0 || burst < 1) {
            throw new IllegalArgumentException("need qps > 0 and burst >= 1, got " + qps + " and " + burst);
        }
        this.qps = qps;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.lastNanos = nanoClock.getAsLong();
    }

    @Override
    public synchronized Duration when(K item) {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * qps);
        lastNanos = now;
        tokens -= 1;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) (-tokens / qps * 1e9));
    }

    @Override
    public void forget(K item) {}

    @Override
    public int numRequeues(K item) {
        return 0;
    }
}
