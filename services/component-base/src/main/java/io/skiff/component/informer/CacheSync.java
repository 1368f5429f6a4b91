package io.skiff.component.informer;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for caches to fill, as client-go's cache.WaitForCacheSync: polls every 10 ms until {@code
 * synced} holds or the time is up.
 */
public final class CacheSync {

    private static final Duration POLL = Duration.ofMillis(10);

    private CacheSync() {}

    /** True once {@code synced} holds; false when {@code timeout} passes first or the thread is interrupted. */
    public static boolean await(BooleanSupplier synced, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!synced.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
