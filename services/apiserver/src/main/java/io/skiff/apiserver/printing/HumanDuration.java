package io.skiff.apiserver.printing;

import java.time.Duration;

/**
 * Kubernetes' duration.HumanDuration (k8s.io/apimachinery/pkg/util/duration): two or three
 * significant figures, so that an age reads {@code 45s}, {@code 3m20s}, {@code 5h}, {@code 2d3h} or
 * {@code 3y120d}.
 */
final class HumanDuration {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
    private static final long NANOS_PER_HOUR = 60 * NANOS_PER_MINUTE;

    private HumanDuration() {}

    static String format(Duration duration) {
        long nanos = saturatedNanos(duration);
        // Go truncates toward zero here, and tolerates up to two seconds of clock skew as "now".
        long seconds = nanos / NANOS_PER_SECOND;
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = nanos / NANOS_PER_MINUTE;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = nanos / NANOS_PER_HOUR;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = hours / 24 % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** Go durations are int64 nanoseconds and time.Sub saturates rather than overflowing. */
    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
