package io.skiff.kubelet.prober;

import java.time.Duration;
import java.time.Instant;

/** Time and timers for probe workers: real ones in the kubelet, a manual clock in tests. */
interface ProbeScheduler {

    Instant now();

    /** Runs {@code task} after {@code delay} on a thread that may block for as long as a probe takes. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that has not run yet can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
