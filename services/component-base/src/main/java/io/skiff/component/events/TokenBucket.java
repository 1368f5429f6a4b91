package io.skiff.component.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket that starts full, as client-go's flowcontrol token bucket: {@code burst} tokens,
 * one more earned every {@code refillInterval}, judged by the times the caller passes in.
 */
final class TokenBucket {

    private final int burst;
    private final double refillNanos;
    private double tokens;
    private Instant last;

    TokenBucket(int burst, Duration refillInterval, Instant now) {
        this.burst = burst;
        this.refillNanos = refillInterval.toNanos();
        this.tokens = burst;
        this.last = now;
    }

    /** Takes a token if one is available at {@code now}. */
    boolean tryAccept(Instant now) {
        if (now.isAfter(last)) {
            double earned = Duration.between(last, now).toNanos() / refillNanos;
            tokens = Math.min(burst, tokens + earned);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
