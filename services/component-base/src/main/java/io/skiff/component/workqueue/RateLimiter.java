package io.skiff.component.workqueue;

import java.time.Duration;

/**
 * Decides how long a failed item waits before it is retried, as client-go's workqueue rate
 * limiters do. Implementations are thread-safe.
 */
public interface RateLimiter<K> {

    /** How long {@code item} should wait before its next attempt; records one more failure of it. */
    Duration when(K item);

    /** Forgets {@code item}'s failures, after it succeeded (or was given up on). */
    void forget(K item);

    /** How many failures of {@code item} are recorded. */
    int numRequeues(K item);
}
