package io.skiff.component.leaderelection;

import java.time.Duration;

/**
 * The three durations of client-go leader election, validated as client-go validates them.
 *
 * @param leaseDuration how long a standby waits, from when it last saw the lease change, before it
 *     may take the lease over; also what the leader writes as spec.leaseDurationSeconds, so it must
 *     be whole seconds
 * @param renewDeadline how long a leader keeps leading without a successful renewal
 * @param retryPeriod the interval between attempts to acquire or renew
 */
public record LeaseTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

    /** client-go's JitterFactor: standbys spread their attempts over up to 1.2 extra periods. */
    public static final double JITTER_FACTOR = 1.2;

    /** kube-scheduler's and kube-controller-manager's defaults: 15 s / 10 s / 2 s. */
    public static final LeaseTimings DEFAULTS =
            new LeaseTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    public LeaseTimings {
        requirePositive("leaseDuration", leaseDuration);
        requirePositive("renewDeadline", renewDeadline);
        requirePositive("retryPeriod", retryPeriod);
        if (leaseDuration.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("leaseDuration must be whole seconds (Lease.spec.leaseDurationSeconds"
                    + " is an integer), got " + leaseDuration);
        }
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException(
                    "leaseDuration (" + leaseDuration + ") must be greater than renewDeadline (" + renewDeadline + ")");
        }
        if (renewDeadline.toNanos() <= JITTER_FACTOR * retryPeriod.toNanos()) {
            throw new IllegalArgumentException("renewDeadline (" + renewDeadline
                    + ") must be greater than retryPeriod*JitterFactor (" + retryPeriod + " * " + JITTER_FACTOR + ")");
        }
    }

    public int leaseDurationSeconds() {
        return Math.toIntExact(leaseDuration.toSeconds());
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
