package io.skiff.component.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * Client-side rate limiting as client-go does it (flowcontrol.NewTokenBucketRateLimiter over
 * golang.org/x/time/rate): a bucket of {@code burst} tokens refilled continuously at {@code qps}
 * tokens per second; every request takes one token and waits while the bucket is empty.
 *
 * <p>A bucket of our own rather than resilience4j's RateLimiter: that one hands out
 * limitForPeriod permits per refresh period all at once, so "50 QPS, burst 100" would become 100
 * requests every 2 s, with callers stalled up to 2 s after a burst, where a token bucket spaces
 * them 20 ms apart and refills the burst smoothly.
 *
 * <p>Waiters reserve their token up front (the bucket may go negative), so waits are first come,
 * first served and no thread blocks: the wait is a timer.
 */
public final class TokenBucket {

    private final double qps;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    /**
     * @param qps tokens added per second; zero or less means no limit
     * @param burst the bucket's size: how many requests may go at once after a quiet spell
     * @param nanoClock a monotonic clock in nanoseconds (System::nanoTime)
     */
    public TokenBucket(double qps, int burst, LongSupplier nanoClock) {
        if (qps > 0 && burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a burst of at least 1, got " + burst);
        }
        this.qps = qps;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    public TokenBucket(double qps, int burst) {
        this(qps, burst, System::nanoTime);
    }

    public boolean unlimited() {
        return qps <= 0;
    }

    /** Takes one token now and returns how long its holder must wait before using it. */
    public synchronized Duration reserve() {
        if (unlimited()) {
            return Duration.ZERO;
        }
        refill();
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / qps * 1e9));
    }

    /** Gives back a reserved token whose request will not be sent after all. */
    public synchronized void cancel() {
        if (!unlimited()) {
            refill();
            tokens = Math.min(burst, tokens + 1);
        }
    }

    /** Tokens in the bucket right now; negative while callers wait. */
    public synchronized double available() {
        refill();
        return tokens;
    }

    /**
     * Emits the time waited once the caller may send. Cancelling while waiting returns the token, so
     * an abandoned request does not hold up the ones behind it.
     */
    public Mono<Duration> acquire() {
        return Mono.defer(() -> {
            Duration wait = reserve();
            if (wait.isZero()) {
                return Mono.just(wait);
            }
            AtomicBoolean waited = new AtomicBoolean();
            return Mono.delay(wait)
                    .doOnNext(tick -> waited.set(true))
                    .doOnCancel(() -> {
                        if (!waited.get()) {
                            cancel();
                        }
                    })
                    .thenReturn(wait);
        });
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / 1e9 * qps);
            last = now;
        }
    }
}
