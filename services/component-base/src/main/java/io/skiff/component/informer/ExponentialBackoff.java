package io.skiff.component.informer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pauses that double from an initial value up to a cap, each stretched by random jitter as
 * wait.Jitter does (nominal × (1 + jitter × random)), so that clients failing together do not retry
 * together. Confined to one thread.
 */
final class ExponentialBackoff {

    private final long initialNanos;
    private final long maxNanos;
    private final double jitter;
    private long nominalNanos;

    ExponentialBackoff(Duration initial, Duration max, double jitter) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(initialNanos, max.toNanos());
        this.jitter = jitter;
        this.nominalNanos = initialNanos;
    }

    /** The pause before the next attempt; the one after will be twice as long, up to the cap. */
    Duration next() {
        long nominal = nominalNanos;
        nominalNanos = nominal > maxNanos / 2 ? maxNanos : nominal * 2;
        double stretch =
                jitter == 0 ? 1 : 1 + jitter * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (nominal * stretch));
    }

    /** Back to the initial pause, after the connection has proved healthy. */
    void reset() {
        nominalNanos = initialNanos;
    }
}
